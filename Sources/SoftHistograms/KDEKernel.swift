/// The binned KDE on a sorted list of finite kernel edges t_0 < … < t_{K−1}, optionally open
/// below (a first bin (−∞, t_0)) and above (a last bin (t_{K−1}, +∞)): the engine behind
/// ``KDEHistogram``.
///
/// Per event x with weight w, every edge gets z_j = (t_j − x)/h (computed as (t_j − x)·(1/h)).
/// Only edges with |z_j| ≤ ``StandardNormal/cutoff`` are evaluated (the window, found by binary
/// search); edges below it have Φ = 0, edges above it Φ = 1, open ends Φ(−∞) = 0, Φ(+∞) = 1.
///
/// Bin masses Φ(z_hi) − Φ(z_lo) are formed from the smaller tails τ = Φ(−|z|), never from two
/// values close to 1, so they keep full relative accuracy far out in the tails: each edge
/// carries the signed tail σ = τ if z ≤ 0 and σ = −τ if z > 0, so that Φ = σ + [z > 0], and
///
///     mass = (σ_hi − σ_lo) + [the bin holds x]      (the step [z > 0] rises in x's own bin)
///
/// The pullback uses Σ_b v_b mass_b = Σ_j c_j Φ(z_j) with c_j = v(bin below t_j) − v(bin above
/// t_j). Both passes run over the window in SIMD blocks that compute and consume φ, σ and the
/// masses in registers (the masses of a block need the σ of the previous edge, carried over).
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
    }

    // MARK: per-event building blocks

    /// The window [lo, hi) of edges with −cutoff ≤ z ≤ cutoff, and the first edge with z > 0
    /// (z is monotone in j, and every test uses the same expression for z).
    @inline(__always)
    private func window(_ x: Double, _ edges: UnsafePointer<Double>, needAbove: Bool = true) -> (lo: Int, hi: Int, above: Int) {
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
    private func firstIndex(
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

    /// z of the edges j ..< j + 4.
    @inline(__always)
    private func standardized(_ j: Int, _ x: Double, _ edges: UnsafePointer<Double>) -> Lanes {
        (UnsafeRawPointer(edges + j).loadUnaligned(as: Lanes.self) - Lanes(repeating: x)) * Lanes(repeating: inverseBandwidth)
    }

    /// |z|, clamped to the cutoff (lanes past the window may hold anything).
    @inline(__always)
    private static func magnitude(_ z: Lanes) -> Lanes {
        let a = StandardNormal.abs(z)
        return a.replacing(with: StandardNormal.cutoff, where: a .> StandardNormal.cutoff)
    }

    /// Signed tails σ of the lanes: τ = φ(a)·R(a) for z ≤ 0, −τ for z > 0.
    @inline(__always)
    private static func signedTails(_ z: Lanes, density phi: Lanes, magnitude a: Lanes) -> Lanes {
        let tail = phi * StandardNormal.millsRatio(a)
        return tail.replacing(with: -tail, where: z .> 0)
    }

    /// σ of the edges j ..< j + lanes, stored at sigma + j.
    @inline(__always)
    private func storeSignedTails<V: DoubleLanes>(_: V.Type, _ j: Int, _ x: Double, _ edges: UnsafePointer<Double>, _ sigma: UnsafeMutablePointer<Double>) {
        let z = (UnsafeRawPointer(edges + j).loadUnaligned(as: V.self) - V(repeating: x)) * V(repeating: inverseBandwidth)
        var a = StandardNormal.abs(z)
        a.replace(with: StandardNormal.cutoff, where: a .> StandardNormal.cutoff)
        let tail = StandardNormal.density(a) * StandardNormal.millsRatio(a)
        UnsafeMutableRawPointer(sigma + j).storeBytes(of: tail.replacing(with: -tail, where: z .> 0), as: V.self)
    }

    /// Lanes l with j + l ≥ hi set to 0.
    @inline(__always)
    private static func masked(_ value: Lanes, _ j: Int, _ hi: Int) -> Lanes {
        let index = Lanes(0, 1, 2, 3) + Lanes(repeating: Double(j))
        return value.replacing(with: 0, where: index .>= Lanes(repeating: Double(hi)))
    }

    /// (previous, v0, v1, v2): the σ of the lower edges of the bins whose upper edges are v.
    @inline(__always)
    private static func shifted(_ previous: Double, _ v: Lanes) -> Lanes {
        Lanes(previous, v[0], v[1], v[2])
    }

    @inline(__always)
    private static func add(_ value: Lanes, to pointer: UnsafeMutablePointer<Double>) {
        let target = UnsafeMutableRawPointer(pointer)
        target.storeBytes(of: target.loadUnaligned(as: Lanes.self) + value, as: Lanes.self)
    }

    /// Whether the bin with lower edge j exists.
    @inline(__always)
    private func isBin(_ j: Int) -> Bool {
        j >= -lowerShift && j <= edgeCount - 2 + upperShift
    }

    /// Leading and trailing columns around the bins in a row of partial counts: the blocks write
    /// the masses of the bins next to the window even where they do not exist.
    private static let leading = 1
    private static let trailing = 7

    // MARK: forward and pullback

    /// counts_b = Σ_k w_k · mass_b(x_k) (w = 1 without weights).
    func counts(values: [Double], weights: [Double]?) -> [Double] {
        let events = values.count
        let bins = binCount
        let columns = Self.leading + bins + Self.trailing
        let partial = PartialSums(rows: EventChunks.count(events: events), columns: columns)
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    let edges = edges.baseAddress!
                    EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                        // out[j] accumulates the bin whose lower edge is j (j = −1 … K).
                        let out = partial.row(chunk) + Self.leading + lowerShift
                        // sigma[j] = σ of edge j inside the window, sigma[lo − 1] = 0 (Φ = 0 below it) and
                        // 0 past the window (Φ = 1 there: the step is added separately).
                        let sigmaStorage = UnsafeMutablePointer<Double>.allocate(capacity: edgeCount + 12)
                        sigmaStorage.initialize(repeating: 0, count: edgeCount + 12)
                        defer { sigmaStorage.deallocate() }
                        let sigma = sigmaStorage + 1
                        for k in range {
                            let x = values[k]
                            let weight = weights?[k] ?? 1
                            let (lo, hi, above) = window(x, edges)
                            var j = lo
                            while j + 4 <= hi {
                                storeSignedTails(SIMD4<Double>.self, j, x, edges, sigma)
                                j += 4
                            }
                            while j < hi {
                                storeSignedTails(SIMD2<Double>.self, j, x, edges, sigma)
                                j += 2
                            }
                            sigma[lo - 1] = 0
                            UnsafeMutableRawPointer(sigma + hi).storeBytes(of: Lanes.zero, as: Lanes.self)
                            // Masses of the bins with lower edges lo − 1 … hi − 1.
                            let w = Lanes(repeating: weight)
                            j = lo - 1
                            while j < hi {
                                let mass = UnsafeRawPointer(sigma + j + 1).loadUnaligned(as: Lanes.self)
                                    - UnsafeRawPointer(sigma + j).loadUnaligned(as: Lanes.self)
                                Self.add(w * mass, to: out + j)
                                j += 4
                            }
                            // The step of Φ at x: all of x's unit mass, in the bin holding it.
                            if isBin(above - 1) { out[above - 1] += weight }
                        }
                    }
                }
            }
        }
        return Array(partial.columnSums()[Self.leading..<(Self.leading + bins)])
    }

    /// The gradients of Σ_b cotangent_b · counts_b.
    func pullback(cotangent: [Double], values: [Double], weights: [Double]?, needs: Needs) -> Gradients {
        let events = values.count
        let bins = binCount
        precondition(cotangent.count == bins, "KDE histogram pullback: cotangent has \(cotangent.count) entries, expected \(bins)")
        // Σ_b v_b [Φ(z_{b+1}) − Φ(z_b)] = Σ_j c_j Φ(z_j) with c_j = v(bin below t_j) − v(bin above t_j);
        // zeros past the last edge for SIMD blocks.
        let coefficients = (0..<(edgeCount + 4)).map { j -> Double in
            guard j < edgeCount else { return 0 }
            let below = j - 1 + lowerShift
            let above = j + lowerShift
            return (below >= 0 ? cotangent[below] : 0) - (above < bins ? cotangent[above] : 0)
        }
        var result = Gradients()
        let needGradientSums = !needs.isDisjoint(with: [.edges, .bandwidth])
        // Row layout: column 0 the bandwidth, columns 1 ... K the edges, then room for SIMD blocks.
        let partial = PartialSums(rows: needGradientSums ? EventChunks.count(events: events) : 0, columns: 1 + edgeCount + 4)
        var valueGradient = [Double](repeating: 0, count: needs.contains(.values) ? events : 0)
        var weightGradient = [Double](repeating: 0, count: needs.contains(.weights) ? events : 0)
        let needValues = needs.contains(.values)
        let needWeights = needs.contains(.weights)
        let needDensity = needValues || needGradientSums
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    coefficients.withUnsafeBufferPointer { coefficients in
                        valueGradient.withUnsafeMutableBufferPointer { valueGradient in
                            weightGradient.withUnsafeMutableBufferPointer { weightGradient in
                                let edges = edges.baseAddress!
                                let coefficients = coefficients.baseAddress!
                                let perEvent = (needWeights ? 40 : 20) * (edgeCount + 1)
                                EventChunks.forEach(events: events, operationsPerEvent: perEvent) { chunk, range in
                                    let sums = needGradientSums ? partial.row(chunk) : nil
                                    var bandwidthSum = 0.0
                                    for k in range {
                                        let x = values[k]
                                        let w = weights?[k] ?? 1
                                        let (lo, hi, above) = window(x, edges, needAbove: needWeights)
                                        let scaled = w * inverseBandwidth
                                        var slope = Lanes.zero   // Σ c_j φ_j
                                        var spread = Lanes.zero  // Σ c_j φ_j z_j
                                        var level = Lanes.zero   // Σ c_j σ_j
                                        var j = lo
                                        while j < hi {
                                            let z = standardized(j, x, edges)
                                            let a = Self.magnitude(z)
                                            let c = UnsafeRawPointer(coefficients + j).loadUnaligned(as: Lanes.self)
                                            var phi = StandardNormal.density(a)
                                            if needWeights {
                                                var sigma = Self.signedTails(z, density: phi, magnitude: a)
                                                if j + 4 > hi { sigma = Self.masked(sigma, j, hi) }
                                                level += c * sigma
                                            }
                                            if needDensity {
                                                if j + 4 > hi { phi = Self.masked(phi, j, hi) }
                                                let term = c * phi
                                                slope += term
                                                if let sums {
                                                    spread += term * z
                                                    Self.add(Lanes(repeating: scaled) * term, to: sums + 1 + j)
                                                }
                                            }
                                            j += 4
                                        }
                                        if needWeights {
                                            // Σ_b v_b mass_b = Σ_j c_j σ_j + v(bin holding x).
                                            let b = above - 1 + lowerShift
                                            weightGradient[k] = level.sum() + (isBin(above - 1) ? cotangent[b] : 0)
                                        }
                                        if needValues { valueGradient[k] = -scaled * slope.sum() }
                                        if sums != nil { bandwidthSum -= scaled * spread.sum() }
                                    }
                                    if let sums { sums[0] = bandwidthSum }
                                }
                            }
                        }
                    }
                }
            }
        }
        result.values = valueGradient
        result.weights = weightGradient
        if needGradientSums {
            let sums = partial.columnSums()
            if needs.contains(.edges) { result.edges = Array(sums[1...edgeCount]) }
            if needs.contains(.bandwidth) { result.bandwidth = sums[0] }
        }
        return result
    }
}

@inline(__always)
func withOptionalBuffer<Result>(_ array: [Double]?, _ body: (UnsafeBufferPointer<Double>?) -> Result) -> Result {
    if let array {
        return array.withUnsafeBufferPointer { body($0) }
    }
    return body(nil)
}
