import ChunkedWork

/// The binned KDE on a sorted list of finite kernel edges t_0 < … < t_{K−1}, optionally open
/// below (a first bin (−∞, t_0)) and above (a last bin (t_{K−1}, +∞)): the engine behind
/// ``KDEHistogram``.
///
/// Per event x with weight w, every edge gets z_j = (t_j − x)/h (computed as (t_j − x)·(1/h)).
/// Only edges with |z_j| ≤ ``StandardNormal/cutoff`` are evaluated (the window [lo, hi), found
/// by a search); edges below it have Φ = 0, edges above it Φ = 1, open ends Φ(−∞) = 0,
/// Φ(+∞) = 1.
///
/// Bin masses Φ(z_hi) − Φ(z_lo) are formed from the smaller tails τ = Φ(−|z|) = φ(z)·R(|z|)
/// (``StandardNormal``), never from two values close to 1, so they keep full relative accuracy
/// far out in the tails: each edge carries the signed tail σ = τ if z ≤ 0 and σ = −τ if z > 0,
/// so that Φ = σ + [z > 0], and
///
///     mass = (σ_hi − σ_lo) + [the bin holds x]      (the step [z > 0] rises in x's own bin)
///
/// The pullback uses Σ_b v_b mass_b = Σ_j c_j Φ(z_j) with c_j = v(bin below t_j) − v(bin above
/// t_j). Both passes run over the window in SIMD blocks of four edges aligned to multiples of
/// four (lanes outside the window are masked to zero), so the partial sums of successive events
/// are read and written at the same addresses and stores forward to loads. φ comes from a
/// ``GaussianLadder`` on evenly spaced edges (two exponentials per event) and from one
/// exponential per edge otherwise; each block computes and consumes φ, σ and the masses in
/// registers (a block's masses need the σ of the previous edge, carried over). Where
/// ``eventGrouping(_:)`` allows, both passes take eight events at a time through a common run
/// of edges instead (`CKDEKernel`; KDEKernel+EventLanes.swift).
struct KDEKernel {
    typealias Lanes = SIMD4<Double>

    /// The finite edges followed by 4 copies of the last one (SIMD loads may run past the end).
    let paddedEdges: [Double]
    /// K, the number of finite edges.
    let edgeCount: Int
    /// 1 when open below, else 0.
    let lowerShift: Int
    /// 1 when open above, else 0.
    let upperShift: Int
    let bandwidth: Double
    let inverseBandwidth: Double
    /// For (nearly) evenly spaced edges: t_0 and 1/spacing, used to guess window boundaries
    /// that a short exact search then corrects; nil for other edges (binary search).
    let grid: (origin: Double, inverseStep: Double)?
    /// φ without an exponential per edge, for evenly spaced edges; nil otherwise.
    let ladder: GaussianLadder?

    init<Edges: Collection<Double>>(edges: Edges, openBelow: Bool, openAbove: Bool, bandwidth: Double) {
        var padded = Array(edges)
        edgeCount = padded.count
        padded += [Double](repeating: padded.last ?? 0, count: 4)
        paddedEdges = padded
        lowerShift = openBelow ? 1 : 0
        upperShift = openAbove ? 1 : 0
        self.bandwidth = bandwidth
        inverseBandwidth = 1 / bandwidth
        if edgeCount >= 3, let first = padded.first {
            let step = (padded[edgeCount - 1] - first) / Double(edgeCount - 1)
            let even = (0..<edgeCount).allSatisfy { Swift.abs(padded[$0] - (first + Double($0) * step)) <= 0.25 * step }
            grid = even ? (first, 1 / step) : nil
        } else {
            grid = nil
        }
        let count = edgeCount
        ladder = padded.withUnsafeBufferPointer { GaussianLadder(edges: $0.baseAddress!, count: count, bandwidth: bandwidth) }
        precondition(binCount >= 1, "KDE kernel without bins")
    }

    var binCount: Int { edgeCount - 1 + lowerShift + upperShift }

    /// What a pullback computes.
    struct Needs: OptionSet {
        let rawValue: Int
        static let values = Needs(rawValue: 1)
        static let weights = Needs(rawValue: 2)
        static let edges = Needs(rawValue: 4)
        static let bandwidth = Needs(rawValue: 8)
    }

    /// Gradients of ⟨cotangent, counts⟩; arrays are empty when not asked for.
    struct Gradients {
        var values: [Double] = []
        var weights: [Double] = []
        /// Per finite kernel edge.
        var edges: [Double] = []
        var bandwidth: Double = 0

        /// The per-event gradients, and the edge and bandwidth gradients from per-chunk partial
        /// sums laid out as [bandwidth, edge 0, …, edge K − 1] (when asked for).
        init(values: [Double], weights: [Double], partialSums partial: PartialSums?, edgeCount: Int, needs: Needs) {
            self.values = values
            self.weights = weights
            guard let partial else { return }
            let sums = partial.columnSums()
            if needs.contains(.edges) { edges = Array(sums[1...edgeCount]) }
            if needs.contains(.bandwidth) { bandwidth = sums[0] }
        }
    }

    // MARK: per-event building blocks

    /// The window [lo, hi) of edges with −cutoff ≤ z ≤ cutoff, and the first edge with z > 0
    /// (z is monotone in j, and every test uses the same expression for z).
    @inline(__always)
    func window(_ x: Double, _ edges: UnsafePointer<Double>, needAbove: Bool = true) -> (lo: Int, hi: Int, above: Int) {
        let cutoff = StandardNormal.cutoff
        let lo = firstIndex(x, edges, from: 0, to: edgeCount, near: x - cutoff * bandwidth) { $0 >= -cutoff }
        let hi = firstIndex(x, edges, from: lo, to: edgeCount, near: x + cutoff * bandwidth) { $0 > cutoff }
        let above = needAbove ? firstIndex(x, edges, from: lo, to: hi, near: x) { $0 > 0 } : 0
        return (lo, hi, above)
    }

    /// The first j in [start, end) whose z = (t_j − x)/h passes `isPast` (monotone in j), or end.
    /// On an even grid: a guess from the position `near` where the test flips, corrected by
    /// stepping (the guess is off by at most one or two edges); otherwise a binary search.
    @inline(__always)
    func firstIndex(
        _ x: Double, _ edges: UnsafePointer<Double>, from start: Int, to end: Int, near position: Double,
        where isPast: (Double) -> Bool
    ) -> Int {
        guard start < end else { return start }
        let scale = inverseBandwidth
        @inline(__always)
        func passes(_ j: Int) -> Bool { isPast((edges[j] - x) * scale) }
        if let grid {
            // Truncation (one instruction; `rounded` would be a libm call on baseline x86-64).
            let guess = (position - grid.origin) * grid.inverseStep
            var j = Int(min(max(guess, Double(start)), Double(end)))
            while j > start && passes(j - 1) { j -= 1 }
            while j < end && !passes(j) { j += 1 }
            return j
        }
        var base = start
        var count = end - start
        while count > 1 {
            let half = count >> 1
            base = passes(base + half) ? base : base + half
            count -= half
        }
        return passes(base) ? base : base + 1
    }

    /// Whether the bin with lower edge j exists.
    @inline(__always)
    func isBin(_ j: Int) -> Bool {
        j >= -lowerShift && j <= edgeCount - 2 + upperShift
    }

    // MARK: per-block building blocks (the passes are in KDEKernel+Counts and KDEKernel+Pullback)

    /// z of the edges j ..< j + 4.
    @inline(__always)
    func standardized(_ j: Int, _ x: Double, _ edges: UnsafePointer<Double>) -> Lanes {
        (UnsafeRawPointer(edges + j).loadUnaligned(as: Lanes.self) - Lanes(repeating: x)) * Lanes(repeating: inverseBandwidth)
    }

    /// |z|, clamped to the cutoff (lanes outside the window may hold anything).
    @inline(__always)
    static func magnitude(_ z: Lanes) -> Lanes {
        let a = StandardNormal.abs(z)
        return a.replacing(with: StandardNormal.cutoff, where: a .> StandardNormal.cutoff)
    }

    /// Signed tails σ of the lanes: τ = φ·R(a) for z ≤ 0, −τ for z > 0.
    @inline(__always)
    static func signedTails(_ z: Lanes, density phi: Lanes, magnitude a: Lanes) -> Lanes {
        let tail = phi * StandardNormal.millsRatio(a)
        return tail.replacing(with: -tail, where: z .> 0)
    }

    /// Lanes l with j + l ≥ hi set to 0.
    @inline(__always)
    static func masked(_ value: Lanes, _ j: Int, _ hi: Int) -> Lanes {
        let index = Lanes(0, 1, 2, 3) + Lanes(repeating: Double(j))
        return value.replacing(with: 0, where: index .>= Lanes(repeating: Double(hi)))
    }

    /// An event's densities φ(z_j), block by block from the block at `firstBlock`: from the
    /// ladder on even edges, else one exponential per lane.
    struct Densities {
        var walk: GaussianLadder.Walk?

        @inline(__always)
        mutating func next(_ z: Lanes) -> Lanes {
            walk != nil ? walk!.next() : StandardNormal.density(KDEKernel.magnitude(z))
        }
    }

    @inline(__always)
    func densities(_ x: Double, from firstBlock: Int, _ edges: UnsafePointer<Double>) -> Densities {
        Densities(walk: ladder?.walk(x, from: firstBlock, edges: edges, inverseBandwidth: inverseBandwidth))
    }

    @inline(__always)
    static func add(_ value: Lanes, to pointer: UnsafeMutablePointer<Double>) {
        let target = UnsafeMutableRawPointer(pointer)
        target.storeBytes(of: target.loadUnaligned(as: Lanes.self) + value, as: Lanes.self)
    }

    /// Leading and trailing columns around the bins in a row of partial counts: the blocks write
    /// the masses of the bins next to the window even where they do not exist.
    static let leading = 1
    static let trailing = 7
}

@inline(__always)
func withOptionalBuffer<Result>(_ array: [Double]?, _ body: (UnsafeBufferPointer<Double>?) -> Result) -> Result {
    if let array {
        return array.withUnsafeBufferPointer { body($0) }
    }
    return body(nil)
}
