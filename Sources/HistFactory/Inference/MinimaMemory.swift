import Foundation

/// The distinct minima that fits to one dataset have found, offered as starting points to the
/// next fits to it (the "memory" starts of the reference generator).
///
/// A hypothesis test, a limit or a scan makes many conditional fits to the same data at nearby
/// values of the POI. The first conditional fit searches globally (random restarts, see
/// ``Model/fit(data:settings:computeUncertainties:warmStarts:globalSearch:)``); the later ones
/// start from every basin found so far, with the POI moved, which finds the same basins at a
/// fraction of the cost. Shared by the concurrent hypothesis tests of a limit, hence the lock.
public final class MinimaMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var minima: [(parameters: [Double], twiceNLL: Double)] = []
    private var searchedGlobally = false
    /// At most this many minima are kept, the lowest first.
    public static let capacity = 8

    public init() {}

    /// The remembered minima, lowest −2 log L first.
    public var starts: [[Double]] {
        lock.withLock { minima.map(\.parameters) }
    }

    /// True for the first caller only: that fit should search globally.
    public func claimGlobalSearch() -> Bool {
        lock.withLock {
            defer { searchedGlobally = true }
            return !searchedGlobally
        }
    }

    /// Remembers a minimum unless one with the same POI-independent shape is already kept: two
    /// minima count as the same basin when every parameter agrees to 10⁻³ (absolute).
    public func remember(_ fit: FitResult, poiIndex: Int) {
        lock.withLock {
            let isKnown = minima.contains { known in
                zip(known.parameters.indices, known.parameters).allSatisfy { i, value in i == poiIndex || abs(value - fit.parameters[i]) < 1e-3 }
            }
            guard !isKnown, fit.twiceNLL.isFinite else { return }
            minima.append((fit.parameters, fit.twiceNLL))
            minima.sort { $0.twiceNLL < $1.twiceNLL }
            if minima.count > Self.capacity { minima.removeLast() }
        }
    }
}
