import Foundation

/// The progress of several parallel runs, combined.
final class FractionBoard: @unchecked Sendable {
    private var fractions: [Double]
    private let lock = NSLock()

    init(count: Int) { fractions = Array(repeating: 0, count: count) }

    /// Records run `index`'s fraction and returns the mean over all runs.
    func set(_ fraction: Double, at index: Int) -> Double {
        lock.lock()
        defer { lock.unlock() }
        fractions[index] = fraction
        return fractions.reduce(0, +) / Double(fractions.count)
    }
}
