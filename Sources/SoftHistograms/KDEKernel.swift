/// The binned KDE on a sorted list of finite kernel edges t_0 < … < t_{K−1}, optionally open
/// below (a first bin (−∞, t_0)) and above (a last bin (t_{K−1}, +∞)): the engine behind
/// ``KDEHistogram``.
///
/// Per event x with weight w, every edge gets z_j = (t_j − x)/h (computed as (t_j − x)·(1/h)).
/// Only edges with |z_j| ≤ ``StandardNormal/cutoff`` are evaluated (found by binary search);
/// edges below that window have Φ = 0, edges above it Φ = 1, open ends Φ(−∞) = 0, Φ(+∞) = 1.
/// A bin's mass Φ(z_hi) − Φ(z_lo) is formed from the smaller tails τ = Φ(−|z|), never from
/// two values close to 1, so it keeps full relative accuracy even far out in the tails:
/// each edge carries (L, H, S) = (τ, 0, 0) if z ≤ 0 and (0, τ, 1) if z > 0, Φ = L + S − H, and
/// mass = (L_hi − L_lo) + (H_lo − H_hi) + (S_hi − S_lo).
struct KDEKernel {
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

    init<Edges: Collection<Double>>(edges: Edges, openBelow: Bool, openAbove: Bool, bandwidth: Double) {
        var padded = Array(edges)
        edgeCount = padded.count
        padded += [Double](repeating: padded.last ?? 0, count: 4)
        paddedEdges = padded
        lowerShift = openBelow ? 1 : 0
        upperShift = openAbove ? 1 : 0
        self.bandwidth = bandwidth
        inverseBandwidth = 1 / bandwidth
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

    // MARK: per-chunk scratch

    /// Per-edge buffers of one chunk. z and φ are indexed by the edge j; the tail states by
    /// p = j + 1, so that p = 0 is the virtual edge −∞ and p = K + 1 the virtual edge +∞. Every
    /// buffer has room for SIMD blocks running up to 4 entries past its end.
    private struct Scratch {
        let z: UnsafeMutablePointer<Double>
        let phi: UnsafeMutablePointer<Double>
        let low: UnsafeMutablePointer<Double>
        let high: UnsafeMutablePointer<Double>
        let step: UnsafeMutablePointer<Double>
        let all: UnsafeMutablePointer<Double>

        init(edgeCount: Int) {
            let stride = edgeCount + 12
            all = .allocate(capacity: 5 * stride)
            all.initialize(repeating: 0, count: 5 * stride)
            z = all
            phi = all + stride
            low = all + 2 * stride
            high = all + 3 * stride
            step = all + 4 * stride
        }

        func free() {
            all.deallocate()
        }
    }

    /// Columns of padding after every row of partial sums, for SIMD blocks running past the end.
    private static let padding = 4

    // MARK: per-event building blocks

    /// The window [lo, hi) of edges with −cutoff ≤ z ≤ cutoff (z is monotone in j).
    @inline(__always)
    private func window(_ x: Double, _ edges: UnsafePointer<Double>) -> (Int, Int) {
        let scale = inverseBandwidth
        let cutoff = StandardNormal.cutoff
        var first = 0
        var count = edgeCount
        while count > 0 {
            let half = count / 2
            if (edges[first + half] - x) * scale < -cutoff {
                first += half + 1
                count -= half + 1
            } else {
                count = half
            }
        }
        let lo = first
        count = edgeCount - lo
        while count > 0 {
            let half = count / 2
            if (edges[first + half] - x) * scale <= cutoff {
                first += half + 1
                count -= half + 1
            } else {
                count = half
            }
        }
        return (lo, first)
    }

    /// Runs `block` over [lo, hi) in SIMD blocks: 4 lanes while they fit, then 2 lanes (the
    /// last block may run one entry past hi).
    @inline(__always)
    private func blocks(_ lo: Int, _ hi: Int, _ block4: (Int) -> Void, _ block2: (Int) -> Void) {
        var j = lo
        while j + 4 <= hi {
            block4(j)
            j += 4
        }
        while j < hi {
            block2(j)
            j += 2
        }
    }

    /// Tail states (and, when `keepDensity`, z and φ) of the edges j ..< j + lanes.
    @inline(__always)
    private func tailBlock<V: DoubleLanes>(_: V.Type, _ j: Int, _ x: Double, _ edges: UnsafePointer<Double>, _ scratch: Scratch, keepDensity: Bool) {
        let z = (UnsafeRawPointer(edges + j).loadUnaligned(as: V.self) - V(repeating: x)) * V(repeating: inverseBandwidth)
        let a = pointwiseMin(StandardNormal.abs(z), V(repeating: StandardNormal.cutoff))
        let phi = StandardNormal.density(a)
        let tail = phi * StandardNormal.millsRatio(a)
        let above = z .> 0
        let p = j + 1
        UnsafeMutableRawPointer(scratch.low + p).storeBytes(of: tail.replacing(with: 0, where: above), as: V.self)
        UnsafeMutableRawPointer(scratch.high + p).storeBytes(of: V.zero.replacing(with: tail, where: above), as: V.self)
        UnsafeMutableRawPointer(scratch.step + p).storeBytes(of: V.zero.replacing(with: 1, where: above), as: V.self)
        if keepDensity {
            UnsafeMutableRawPointer(scratch.z + j).storeBytes(of: z, as: V.self)
            UnsafeMutableRawPointer(scratch.phi + j).storeBytes(of: phi, as: V.self)
        }
    }

    /// z and φ of the edges j ..< j + lanes.
    @inline(__always)
    private func densityBlock<V: DoubleLanes>(_: V.Type, _ j: Int, _ x: Double, _ edges: UnsafePointer<Double>, _ scratch: Scratch) {
        let z = (UnsafeRawPointer(edges + j).loadUnaligned(as: V.self) - V(repeating: x)) * V(repeating: inverseBandwidth)
        let a = pointwiseMin(StandardNormal.abs(z), V(repeating: StandardNormal.cutoff))
        UnsafeMutableRawPointer(scratch.z + j).storeBytes(of: z, as: V.self)
        UnsafeMutableRawPointer(scratch.phi + j).storeBytes(of: StandardNormal.density(a), as: V.self)
    }

    /// Fills the tail states of the edges in [lo, hi) (and, when `keepDensity`, z and φ, with
    /// z = φ = 0 just past the window), then the states just outside the window: Φ = 0 at p = lo
    /// and Φ = 1 at p = hi + 1 … hi + 4 (so that SIMD mass blocks past the window see no mass).
    @inline(__always)
    private func fillTails(_ x: Double, _ lo: Int, _ hi: Int, _ edges: UnsafePointer<Double>, _ scratch: Scratch, keepDensity: Bool) {
        blocks(lo, hi,
               { tailBlock(SIMD4<Double>.self, $0, x, edges, scratch, keepDensity: keepDensity) },
               { tailBlock(SIMD2<Double>.self, $0, x, edges, scratch, keepDensity: keepDensity) })
        scratch.low[lo] = 0
        scratch.high[lo] = 0
        scratch.step[lo] = 0
        for p in (hi + 1)...(hi + 4) {
            scratch.low[p] = 0
            scratch.high[p] = 0
            scratch.step[p] = 1
        }
        if keepDensity {
            for j in hi..<(hi + 4) {
                scratch.z[j] = 0
                scratch.phi[j] = 0
            }
        }
    }

    /// z and φ of the edges in [lo, hi), with z = φ = 0 just past the window.
    @inline(__always)
    private func fillDensity(_ x: Double, _ lo: Int, _ hi: Int, _ edges: UnsafePointer<Double>, _ scratch: Scratch) {
        blocks(lo, hi,
               { densityBlock(SIMD4<Double>.self, $0, x, edges, scratch) },
               { densityBlock(SIMD2<Double>.self, $0, x, edges, scratch) })
        for j in hi..<(hi + 4) {
            scratch.z[j] = 0
            scratch.phi[j] = 0
        }
    }

    /// The bins (by their lower edge j) that can hold mass of an event with window [lo, hi).
    @inline(__always)
    private func massRange(_ lo: Int, _ hi: Int) -> ClosedRange<Int>? {
        let first = max(lo - 1, -lowerShift)
        let last = min(hi - 1, edgeCount - 2 + upperShift)
        return first <= last ? first...last : nil
    }

    /// The masses of the bins with lower edges j ..< j + 4 (states must be filled).
    @inline(__always)
    private func masses(_ j: Int, _ scratch: Scratch) -> SIMD4<Double> {
        let p = j + 1
        func load(_ pointer: UnsafeMutablePointer<Double>, _ offset: Int) -> SIMD4<Double> {
            UnsafeRawPointer(pointer + offset).loadUnaligned(as: SIMD4<Double>.self)
        }
        return (load(scratch.low, p + 1) - load(scratch.low, p)) + (load(scratch.high, p) - load(scratch.high, p + 1))
            + (load(scratch.step, p + 1) - load(scratch.step, p))
    }

    // MARK: forward and pullback

    /// counts_b = Σ_k w_k · mass_b(x_k) (w = 1 without weights).
    func counts(values: [Double], weights: [Double]?) -> [Double] {
        let events = values.count
        let bins = binCount
        let partial = PartialSums(rows: EventChunks.count(events: events), columns: bins + Self.padding)
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    let edges = edges.baseAddress!
                    EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                        let scratch = Scratch(edgeCount: edgeCount)
                        defer { scratch.free() }
                        // Column b of the row is bin b; j = b − lowerShift is its lower edge.
                        let out = partial.row(chunk) + lowerShift
                        for k in range {
                            let x = values[k]
                            let (lo, hi) = window(x, edges)
                            guard let bins = massRange(lo, hi) else { continue }
                            fillTails(x, lo, hi, edges, scratch, keepDensity: false)
                            let w = SIMD4<Double>(repeating: weights?[k] ?? 1)
                            var j = bins.lowerBound
                            while j <= bins.upperBound {
                                let target = UnsafeMutableRawPointer(out + j)
                                target.storeBytes(of: target.loadUnaligned(as: SIMD4<Double>.self) + w * masses(j, scratch), as: SIMD4<Double>.self)
                                j += 4
                            }
                        }
                    }
                }
            }
        }
        return Array(partial.columnSums()[0..<bins])
    }

    /// The gradients of Σ_b cotangent_b · counts_b.
    func pullback(cotangent: [Double], values: [Double], weights: [Double]?, needs: Needs) -> Gradients {
        let events = values.count
        let bins = binCount
        precondition(cotangent.count == bins, "KDE histogram pullback: cotangent has \(cotangent.count) entries, expected \(bins)")
        // Σ_b v_b [Φ(z_{b+1}) − Φ(z_b)] = Σ_j c_j Φ(z_j) with c_j = v(bin below t_j) − v(bin above t_j);
        // padded with zeros for SIMD blocks past the last edge.
        let coefficients = (0..<(edgeCount + Self.padding)).map { j -> Double in
            guard j < edgeCount else { return 0 }
            let below = j - 1 + lowerShift
            let above = j + lowerShift
            return (below >= 0 ? cotangent[below] : 0) - (above < bins ? cotangent[above] : 0)
        }
        // Cotangent per bin, indexed by the bin's lower edge j (offset lowerShift), padded with zeros.
        let paddedCotangent = cotangent + [Double](repeating: 0, count: Self.padding)
        var result = Gradients()
        let needGradientSums = !needs.isDisjoint(with: [.edges, .bandwidth])
        // Row layout: column 0 the bandwidth, columns 1 ... K the edges, then padding.
        let partial = PartialSums(rows: needGradientSums ? EventChunks.count(events: events) : 0, columns: 1 + edgeCount + Self.padding)
        var valueGradient = [Double](repeating: 0, count: needs.contains(.values) ? events : 0)
        var weightGradient = [Double](repeating: 0, count: needs.contains(.weights) ? events : 0)
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    coefficients.withUnsafeBufferPointer { coefficients in
                        paddedCotangent.withUnsafeBufferPointer { cotangent in
                            valueGradient.withUnsafeMutableBufferPointer { valueGradient in
                                weightGradient.withUnsafeMutableBufferPointer { weightGradient in
                                    let edges = edges.baseAddress!
                                    let coefficients = coefficients.baseAddress!
                                    let cotangent = cotangent.baseAddress! + lowerShift
                                    let needValues = needs.contains(.values)
                                    let needWeights = needs.contains(.weights)
                                    let needDensity = needValues || needGradientSums
                                    let perEvent = (needWeights ? 40 : 20) * (edgeCount + 1)
                                    EventChunks.forEach(events: events, operationsPerEvent: perEvent) { chunk, range in
                                        let scratch = Scratch(edgeCount: edgeCount)
                                        defer { scratch.free() }
                                        let sums = needGradientSums ? partial.row(chunk) : nil
                                        for k in range {
                                            let x = values[k]
                                            let w = weights?[k] ?? 1
                                            let (lo, hi) = window(x, edges)
                                            if needWeights {
                                                fillTails(x, lo, hi, edges, scratch, keepDensity: needDensity)
                                                var dot = SIMD4<Double>.zero
                                                if let bins = massRange(lo, hi) {
                                                    var j = bins.lowerBound
                                                    while j <= bins.upperBound {
                                                        let v = UnsafeRawPointer(cotangent + j).loadUnaligned(as: SIMD4<Double>.self)
                                                        dot += v * masses(j, scratch)
                                                        j += 4
                                                    }
                                                }
                                                weightGradient[k] = dot.sum()
                                            } else if needDensity {
                                                fillDensity(x, lo, hi, edges, scratch)
                                            }
                                            guard needDensity, lo < hi else { continue }
                                            let scaled = w * inverseBandwidth
                                            var slope = SIMD4<Double>.zero
                                            var j = lo
                                            if let sums {
                                                var spread = SIMD4<Double>.zero
                                                let scaledLanes = SIMD4<Double>(repeating: scaled)
                                                while j < hi {
                                                    let term = UnsafeRawPointer(coefficients + j).loadUnaligned(as: SIMD4<Double>.self)
                                                        * UnsafeRawPointer(scratch.phi + j).loadUnaligned(as: SIMD4<Double>.self)
                                                    slope += term
                                                    spread += term * UnsafeRawPointer(scratch.z + j).loadUnaligned(as: SIMD4<Double>.self)
                                                    let target = UnsafeMutableRawPointer(sums + 1 + j)
                                                    target.storeBytes(of: target.loadUnaligned(as: SIMD4<Double>.self) + scaledLanes * term, as: SIMD4<Double>.self)
                                                    j += 4
                                                }
                                                sums[0] -= scaled * spread.sum()
                                            } else {
                                                while j < hi {
                                                    slope += UnsafeRawPointer(coefficients + j).loadUnaligned(as: SIMD4<Double>.self)
                                                        * UnsafeRawPointer(scratch.phi + j).loadUnaligned(as: SIMD4<Double>.self)
                                                    j += 4
                                                }
                                            }
                                            if needValues { valueGradient[k] = -scaled * slope.sum() }
                                        }
                                    }
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
