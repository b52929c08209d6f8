import ChunkedWork

extension KDEKernel {
    /// The gradients of Σ_b cotangent_b · counts_b.
    ///
    /// Σ_b v_b [Φ(z_{b+1}) − Φ(z_b)] = Σ_j c_j Φ(z_j) with c_j = v(bin below t_j) − v(bin above t_j),
    /// so per event, over its window in blocks of four from lo (lanes past hi masked to zero):
    /// ∂/∂x = −(w/h) Σ c_j φ_j, ∂/∂w = Σ c_j σ_j + v(bin holding x), ∂/∂t_j = (w/h) c_j φ_j and
    /// ∂/∂h = −(w/h) Σ c_j φ_j z_j. With a `grouping` (``eventGrouping(_:)``, as in the forward
    /// pass), eight events go to the SIMD lanes instead
    /// (``pullbackAcrossEvents(cotangent:coefficients:values:weights:needs:grouping:instructionSet:)``).
    func pullback(cotangent: [Double], values: [Double], weights: [Double]?, needs: Needs, grouping: EventGrouping?) -> Gradients {
        let bins = binCount
        precondition(cotangent.count == bins, "KDE histogram pullback: cotangent has \(cotangent.count) entries, expected \(bins)")
        // c_j, with zeros past the last edge for SIMD blocks.
        let coefficients = (0..<(edgeCount + 4)).map { j -> Double in
            guard j < edgeCount else { return 0 }
            let below = j - 1 + lowerShift
            let above = j + lowerShift
            return (below >= 0 ? cotangent[below] : 0) - (above < bins ? cotangent[above] : 0)
        }
        if let grouping {
            return pullbackAcrossEvents(cotangent: cotangent, coefficients: coefficients, values: values, weights: weights,
                                        needs: needs, grouping: grouping)
        }
        return pullbackPerEvent(cotangent: cotangent, coefficients: coefficients, values: values, weights: weights, needs: needs)
    }

    /// ``pullback(cotangent:values:weights:needs:)`` over each event's window (any number of
    /// edges); `coefficients` are the c_j, with zeros past the last edge for SIMD blocks.
    func pullbackPerEvent(cotangent: [Double], coefficients: [Double], values: [Double], weights: [Double]?, needs: Needs) -> Gradients {
        let events = values.count
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
                                        var densities = densities(x, from: lo, edges)
                                        var j = lo
                                        while j < hi {
                                            let z = standardized(j, x, edges)
                                            let c = UnsafeRawPointer(coefficients + j).loadUnaligned(as: Lanes.self)
                                            var phi = densities.next(z)
                                            if j + 4 > hi { phi = Self.masked(phi, j, hi) }
                                            if needWeights {
                                                level += c * Self.signedTails(z, density: phi, magnitude: Self.magnitude(z))
                                            }
                                            if needDensity {
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
        return Gradients(values: valueGradient, weights: weightGradient, partialSums: needGradientSums ? partial : nil,
                         edgeCount: edgeCount, needs: needs)
    }
}
