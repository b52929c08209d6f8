import ChunkedWork

extension KDEKernel {
    /// counts_b = Σ_k w_k · mass_b(x_k) (w = 1 without weights): eight events at a time in the
    /// `grouping` of ``eventGrouping(_:)`` (``countsAcrossEvents(values:weights:grouping:instructionSet:)``),
    /// or event by event without one (``countsPerEvent(values:weights:)``).
    func counts(values: [Double], weights: [Double]?, grouping: EventGrouping?) -> [Double] {
        if let grouping { return countsAcrossEvents(values: values, weights: weights, grouping: grouping) }
        return countsPerEvent(values: values, weights: weights)
    }

    /// ``counts(values:weights:)`` over each event's window (any number of edges). Per event: σ of
    /// the window's edges, in blocks of four from lo (lanes past hi set to 0), into a scratch row;
    /// then w · (σ_{j+1} − σ_j) into the bins with lower edges lo − 1 … hi − 1, four at a time,
    /// and w into the bin holding x (the step).
    func countsPerEvent(values: [Double], weights: [Double]?) -> [Double] {
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
                            var densities = densities(x, from: lo, edges)
                            var j = lo
                            while j < hi {
                                let z = standardized(j, x, edges)
                                var tails = Self.signedTails(z, density: densities.next(z), magnitude: Self.magnitude(z))
                                if j + 4 > hi { tails = Self.masked(tails, j, hi) }
                                UnsafeMutableRawPointer(sigma + j).storeBytes(of: tails, as: Lanes.self)
                                j += 4
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
}
