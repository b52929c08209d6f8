extension KDEKernel {
    /// With this many finite edges or fewer the kernel puts four *events* in the SIMD lanes and
    /// walks every edge, instead of four edges of one event's window: a few-bin histogram has
    /// about as many edges as a window holds, and this way no event pays for a window search
    /// or a scratch row. Both passes (counts and every gradient) then take this kernel.
    static let eventLanesEdgeLimit = 16

    /// Whether the few-edge kernel serves this kernel's passes.
    var usesEventLanes: Bool {
        edgeCount <= Self.eventLanesEdgeLimit
    }

    /// Four events: their values (lanes past the end repeat the last value) and weights (0 there).
    struct EventQuad {
        var x: Lanes
        var w: Lanes
        let count: Int

        @inline(__always)
        init(_ values: UnsafeBufferPointer<Double>, _ weights: UnsafeBufferPointer<Double>?, from k: Int, to end: Int) {
            count = min(4, end - k)
            x = Lanes(repeating: values[k + count - 1])
            w = .zero
            for l in 0..<count {
                x[l] = values[k + l]
                w[l] = weights?[k + l] ?? 1
            }
        }
    }

    /// Edge j's standardised distance z = (t_j − x)/h for four events, |z| clamped to the
    /// cutoff, and the density φ(z), 0 where |z| > ``StandardNormal/cutoff`` (as outside a window).
    @inline(__always)
    func edgeDensity(_ j: Int, _ x: Lanes, _ edges: UnsafePointer<Double>) -> (z: Lanes, magnitude: Lanes, phi: Lanes) {
        let z = (Lanes(repeating: edges[j]) - x) * Lanes(repeating: inverseBandwidth)
        let a = Self.magnitude(z)
        return (z, a, StandardNormal.density(a).replacing(with: 0, where: StandardNormal.abs(z) .> StandardNormal.cutoff))
    }

    /// 1 in the lanes whose z ≤ 0 (the edge lies at or below x), else 0.
    @inline(__always)
    static func atOrBelow(_ z: Lanes) -> Lanes {
        Lanes.zero.replacing(with: 1, where: z .<= 0)
    }

    /// The bin holding x given how many edges lie at or below it (nil where there is none).
    @inline(__always)
    func binHolding(edgesAtOrBelow count: Double) -> Int? {
        let above = Int(count)
        return isBin(above - 1) ? above - 1 + lowerShift : nil
    }

    /// counts_b = Σ_k w_k · mass_b(x_k), as ``counts(values:weights:)``: per quad of events and
    /// edge j, w · (σ_j − σ_{j−1}) into the bin with lower edge j − 1 (σ_{−1} = σ_K = 0 for the
    /// open ends), and w into the bin holding x (the step).
    func countsAcrossEvents(values: [Double], weights: [Double]?) -> [Double] {
        let events = values.count
        let bins = binCount
        let partial = PartialSums(rows: EventChunks.count(events: events), columns: bins)
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                        let out = partial.row(chunk)
                        var sums = [Lanes](repeating: .zero, count: bins)
                        sums.withUnsafeMutableBufferPointer { sums in
                            for k in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
                                let quad = EventQuad(values, weights, from: k, to: range.upperBound)
                                var previous = Lanes.zero
                                var atOrBelow = Lanes.zero
                                for j in 0..<edgeCount {
                                    let (z, a, phi) = edgeDensity(j, quad.x, edges.baseAddress!)
                                    let sigma = Self.signedTails(z, density: phi, magnitude: a)
                                    let bin = j - 1 + lowerShift
                                    if bin >= 0 { sums[bin] += quad.w * (sigma - previous) }
                                    previous = sigma
                                    atOrBelow += Self.atOrBelow(z)
                                }
                                if upperShift == 1 { sums[bins - 1] -= quad.w * previous }
                                for l in 0..<quad.count {
                                    if let bin = binHolding(edgesAtOrBelow: atOrBelow[l]) { out[bin] += quad.w[l] }
                                }
                            }
                            for b in 0..<bins { out[b] += sums[b].sum() }
                        }
                }
                }
            }
        }
        return partial.columnSums()
    }

    /// The gradients of Σ_b v_b counts_b, as ``pullbackPerEvent(cotangent:coefficients:values:weights:needs:)``,
    /// four events at a time: ∂/∂x = −(w/h) Σ_j c_j φ_j, ∂/∂w = Σ_j c_j σ_j + v(bin holding x),
    /// ∂/∂t_j = Σ_events (w/h) c_j φ_j and ∂/∂h = −Σ_events (w/h) Σ_j c_j φ_j z_j.
    func pullbackAcrossEvents(cotangent: [Double], coefficients: [Double], values: [Double], weights: [Double]?, needs: Needs) -> Gradients {
        let events = values.count
        let needValues = needs.contains(.values), needWeights = needs.contains(.weights)
        let needGradientSums = !needs.isDisjoint(with: [.edges, .bandwidth])
        var valueGradient = [Double](repeating: 0, count: needValues ? events : 0)
        var weightGradient = [Double](repeating: 0, count: needWeights ? events : 0)
        // Row layout: column 0 the bandwidth, columns 1 ... K the edges.
        let partial = PartialSums(rows: needGradientSums ? EventChunks.count(events: events) : 0, columns: 1 + edgeCount)
        values.withUnsafeBufferPointer { values in
            withOptionalBuffer(weights) { weights in
                paddedEdges.withUnsafeBufferPointer { edges in
                    valueGradient.withUnsafeMutableBufferPointer { valueGradient in
                        weightGradient.withUnsafeMutableBufferPointer { weightGradient in
                            EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                                var edgeSums = [Lanes](repeating: .zero, count: needGradientSums ? edgeCount : 0)
                                var bandwidthSum = Lanes.zero
                                for k in stride(from: range.lowerBound, to: range.upperBound, by: 4) {
                                    let quad = EventQuad(values, weights, from: k, to: range.upperBound)
                                    let scaled = quad.w * Lanes(repeating: inverseBandwidth)
                                    var slope = Lanes.zero, level = Lanes.zero, atOrBelow = Lanes.zero
                                        for j in 0..<edgeCount {
                                        let (z, a, phi) = edgeDensity(j, quad.x, edges.baseAddress!)
                                        let term = Lanes(repeating: coefficients[j]) * phi
                                        slope += term
                                        if needWeights {
                                            level += Lanes(repeating: coefficients[j]) * Self.signedTails(z, density: phi, magnitude: a)
                                            atOrBelow += Self.atOrBelow(z)
                                        }
                                        if needGradientSums {
                                            edgeSums[j] += scaled * term
                                            bandwidthSum -= scaled * term * z
                                        }
                                    }
                                    for l in 0..<quad.count {
                                        if needValues { valueGradient[k + l] = -scaled[l] * slope[l] }
                                        if needWeights {
                                            let step = binHolding(edgesAtOrBelow: atOrBelow[l]).map { cotangent[$0] } ?? 0
                                            weightGradient[k + l] = level[l] + step
                                        }
                                    }
                                }
                                if needGradientSums {
                                    let row = partial.row(chunk)
                                    row[0] = bandwidthSum.sum()
                                    for j in 0..<edgeCount { row[1 + j] = edgeSums[j].sum() }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Gradients(values: valueGradient, weights: weightGradient, partialSums: needGradientSums ? partial : nil,
                         edgeCount: edgeCount, needs: needs)
    }
}
