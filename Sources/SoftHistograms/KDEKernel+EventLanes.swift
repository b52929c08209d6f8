import ChunkedWork
internal import CKDEKernel

extension KDEKernel {
    /// With this many finite edges or fewer the kernel puts eight *events* in the SIMD lanes and
    /// walks every edge, instead of four edges of one event's window: a few-bin histogram has
    /// about as many edges as a window holds, and this way no event pays for a window search
    /// or a scratch row. Both passes (counts and every gradient) then take this kernel.
    static let fewEdges = 16

    /// The most finite edges the event-lanes kernel takes (`CKDEKernel` keeps a sum per bin).
    static let eventLanesEdgeLimit = Int(NEOS_KDE_LANES_MAX_EDGES)

    /// Whether the event-lanes kernel serves this kernel's passes: always with at most
    /// ``fewEdges`` edges; up to ``eventLanesEdgeLimit`` when the processor runs its AVX2 or
    /// AVX-512 loop and an event's window (±9 bandwidths) spans at least 80% of the edges, where
    /// evaluating every edge for eight events at a time beats walking each event's window (with
    /// AVX-512, 1.9× for 100 bins and a bandwidth of 5 bin widths).
    var usesEventLanes: Bool {
        if edgeCount <= Self.fewEdges { return true }
        guard edgeCount <= Self.eventLanesEdgeLimit, InstructionSet.best != .baseline else { return false }
        let spacing = (paddedEdges[edgeCount - 1] - paddedEdges[0]) / Double(edgeCount - 1)
        let windowEdges = 2 * StandardNormal.cutoff * bandwidth / spacing
        return windowEdges >= 0.8 * Double(edgeCount)
    }

    /// The instruction sets the event-lanes kernel is compiled for (the C target `CKDEKernel`,
    /// which picks the best one the processor runs).
    enum InstructionSet: CaseIterable, Sendable {
        case baseline, avx2, avx512

        /// The best one this processor runs.
        static let best: InstructionSet = switch neos_kde_lanes_best_isa() {
        case NEOS_KDE_LANES_AVX512: .avx512
        case NEOS_KDE_LANES_AVX2_FMA: .avx2
        default: .baseline
        }

        /// Those this processor runs.
        static var supported: [InstructionSet] {
            allCases.filter { neos_kde_lanes_supports($0.isa) != 0 }
        }

        var name: String {
            switch self {
            case .baseline: "baseline"
            case .avx2: "AVX2+FMA"
            case .avx512: "AVX-512"
            }
        }

        fileprivate var isa: neos_kde_lanes_isa {
            switch self {
            case .baseline: NEOS_KDE_LANES_BASELINE
            case .avx2: NEOS_KDE_LANES_AVX2_FMA
            case .avx512: NEOS_KDE_LANES_AVX512
            }
        }
    }

    /// Calls `body` with the C view of the finite edges and the bandwidth.
    private func withLanes<Result>(_ body: (UnsafePointer<neos_kde_lanes>) -> Result) -> Result {
        paddedEdges.withUnsafeBufferPointer { edges in
            var lanes = neos_kde_lanes(edges: edges.baseAddress, edge_count: edgeCount, inverse_bandwidth: inverseBandwidth,
                                       lower_shift: lowerShift, upper_shift: upperShift)
            return body(&lanes)
        }
    }

    /// counts_b = Σ_k w_k · mass_b(x_k), as ``counts(values:weights:)``: per eight events and
    /// edge j, w · (σ_j − σ_{j−1}) and w · ([z_j > 0] − [z_{j−1} > 0]) into the bin with lower
    /// edge j − 1 (σ_{−1} = σ_K = 0, [z_{−1} > 0] = 0 and [z_K > 0] = 1 for the open ends).
    func countsAcrossEvents(values: [Double], weights: [Double]?, instructionSet: InstructionSet = .best) -> [Double] {
        let events = values.count
        let partial = PartialSums(rows: EventChunks.count(events: events), columns: binCount)
        withLanes { lanes in
            values.withUnsafeBufferPointer { values in
                withOptionalBuffer(weights) { weights in
                    EventChunks.forEach(events: events, operationsPerEvent: 40 * (edgeCount + 1)) { chunk, range in
                        neos_kde_lanes_counts(instructionSet.isa, lanes, values.baseAddress, weights?.baseAddress,
                                              range.lowerBound, range.upperBound, partial.row(chunk))
                    }
                }
            }
        }
        return partial.columnSums()
    }

    /// The gradients of Σ_b v_b counts_b, as ``pullbackPerEvent(cotangent:coefficients:values:weights:needs:)``,
    /// eight events at a time: ∂/∂x = −(w/h) Σ_j c_j φ_j, ∂/∂w = Σ_j c_j σ_j + v(bin holding x),
    /// ∂/∂t_j = Σ_events (w/h) c_j φ_j and ∂/∂h = −Σ_events (w/h) Σ_j c_j φ_j z_j.
    func pullbackAcrossEvents(
        cotangent: [Double], coefficients: [Double], values: [Double], weights: [Double]?, needs: Needs,
        instructionSet: InstructionSet = .best
    ) -> Gradients {
        let events = values.count
        let needGradientSums = !needs.isDisjoint(with: [.edges, .bandwidth])
        var valueGradient = [Double](repeating: 0, count: needs.contains(.values) ? events : 0)
        var weightGradient = [Double](repeating: 0, count: needs.contains(.weights) ? events : 0)
        // Row layout: column 0 the bandwidth, columns 1 ... K the edges.
        let partial = PartialSums(rows: needGradientSums ? EventChunks.count(events: events) : 0, columns: 1 + edgeCount)
        let perEvent = (needs.contains(.weights) ? 40 : 20) * (edgeCount + 1)
        withLanes { lanes in
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
                                        neos_kde_lanes_pullback(instructionSet.isa, lanes, coefficients.baseAddress, cotangent.baseAddress,
                                                                values.baseAddress, weights?.baseAddress, range.lowerBound, range.upperBound,
                                                                valueOut, weightOut, row.map { $0 + 1 }, row)
                                    }
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
