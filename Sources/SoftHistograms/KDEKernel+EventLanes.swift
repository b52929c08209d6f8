import ChunkedWork
internal import CKDEKernel

extension KDEKernel {
    /// Edges `run` as a C kernel of their own, the position of its first bin among ours, and its
    /// number of bins. Beyond the run's ends the events' windows hold no edge, so Φ is exactly 0
    /// below it and 1 above it, as at open ends: the run has an open bin below when edges or an
    /// open bin of ours lie below it, and likewise above.
    private func runKernel(_ run: Range<Int>, _ edges: UnsafePointer<Double>) -> (lanes: neos_kde_lanes, binOffset: Int, bins: Int) {
        let lower = run.lowerBound > 0 ? 1 : lowerShift
        let upper = run.upperBound < edgeCount ? 1 : upperShift
        let lanes = neos_kde_lanes(edges: edges + run.lowerBound, edge_count: run.count, inverse_bandwidth: inverseBandwidth,
                                   lower_shift: lower, upper_shift: upper)
        return (lanes, run.lowerBound + lowerShift - lower, run.count - 1 + lower + upper)
    }

    /// counts_b = Σ_k w_k · mass_b(x_k), as ``counts(values:weights:)``: per eight events of a
    /// group (``EventGrouping``) and edge j of its run, w · (σ_j − σ_{j−1}) and
    /// w · ([z_j > 0] − [z_{j−1} > 0]) into the bin with lower edge j − 1 (σ = 0 beyond the run,
    /// [z > 0] = 0 below and 1 above it).
    func countsAcrossEvents(
        values: [Double], weights: [Double]?, grouping: EventGrouping = .whole, instructionSet: InstructionSet = .best
    ) -> [Double] {
        let events = values.count
        let partial = PartialSums(rows: EventChunks.count(events: events), columns: binCount)
        let (values, weights) = (grouping.ordered(values), weights.map(grouping.ordered))
        paddedEdges.withUnsafeBufferPointer { edges in
            values.withUnsafeBufferPointer { values in
                withOptionalBuffer(weights) { weights in
                    EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                        for segment in grouping.segments(in: range, edgeCount: edgeCount) {
                            var run = runKernel(segment.edges, edges.baseAddress!)
                            guard run.bins > 0 else { continue }  // below every edge with no open bin: no mass
                            neos_kde_lanes_counts(instructionSet.isa, &run.lanes, values.baseAddress, weights?.baseAddress,
                                                  segment.events.lowerBound, segment.events.upperBound, partial.row(chunk) + run.binOffset)
                        }
                    }
                }
            }
        }
        return partial.columnSums()
    }

    /// The gradients of Σ_b v_b counts_b, as ``pullbackPerEvent(cotangent:coefficients:values:weights:needs:)``,
    /// eight events of a group at a time: ∂/∂x = −(w/h) Σ_j c_j φ_j, ∂/∂w = Σ_j c_j σ_j + v(bin
    /// holding x), ∂/∂t_j = Σ_events (w/h) c_j φ_j and ∂/∂h = −Σ_events (w/h) Σ_j c_j φ_j z_j.
    func pullbackAcrossEvents(
        cotangent: [Double], coefficients: [Double], values: [Double], weights: [Double]?, needs: Needs,
        grouping: EventGrouping = .whole, instructionSet: InstructionSet = .best
    ) -> Gradients {
        let events = values.count
        let needGradientSums = !needs.isDisjoint(with: [.edges, .bandwidth])
        var valueGradient = [Double](repeating: 0, count: needs.contains(.values) ? events : 0)
        var weightGradient = [Double](repeating: 0, count: needs.contains(.weights) ? events : 0)
        // Row layout: column 0 the bandwidth, columns 1 ... K the edges.
        let partial = PartialSums(rows: needGradientSums ? EventChunks.count(events: events) : 0, columns: 1 + edgeCount)
        let perEvent = (needs.contains(.weights) ? 40 : 20) * (edgeCount + 1)
        let (values, weights) = (grouping.ordered(values), weights.map(grouping.ordered))
        paddedEdges.withUnsafeBufferPointer { edges in
            values.withUnsafeBufferPointer { values in
                withOptionalBuffer(weights) { weights in
                    coefficients.withUnsafeBufferPointer { coefficients in
                        cotangent.withUnsafeBufferPointer { cotangent in
                            valueGradient.withUnsafeMutableBufferPointer { valueGradient in
                                weightGradient.withUnsafeMutableBufferPointer { weightGradient in
                                    // Sendable copies of the output pointers (each chunk writes its own events and row).
                                    nonisolated(unsafe) let valueOut = needs.contains(.values) ? valueGradient.baseAddress : nil
                                    nonisolated(unsafe) let weightOut = needs.contains(.weights) ? weightGradient.baseAddress : nil
                                    EventChunks.forEach(events: events, operationsPerEvent: perEvent) { chunk, range in
                                        let row = needGradientSums ? partial.row(chunk) : nil
                                        for segment in grouping.segments(in: range, edgeCount: edgeCount) {
                                            var run = runKernel(segment.edges, edges.baseAddress!)
                                            guard run.bins > 0 else { continue }  // no mass, so no gradient
                                            let first = segment.edges.lowerBound
                                            neos_kde_lanes_pullback(
                                                instructionSet.isa, &run.lanes, coefficients.baseAddress! + first,
                                                cotangent.baseAddress! + run.binOffset, values.baseAddress, weights?.baseAddress,
                                                segment.events.lowerBound, segment.events.upperBound,
                                                valueOut, weightOut, row.map { $0 + 1 + first }, row)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Gradients(values: grouping.restored(valueGradient), weights: grouping.restored(weightGradient),
                         partialSums: needGradientSums ? partial : nil, edgeCount: edgeCount, needs: needs)
    }
}
