internal import CKDEKernel

extension KDEKernel {
    /// How the event-lanes kernel (eight events in the SIMD lanes, every edge of a run) takes a batch.
    ///
    /// - `whole`: the events in their order against every edge. Used when an event's window
    ///   (±9 bandwidths) holds about all the edges anyway: a few-bin histogram, or a wide bandwidth.
    /// - `intervals`: the events sorted (stably) by the interval between edges they fall in; each
    ///   interval's events against the run of edges their windows reach, from the window start of
    ///   the lowest to the window end of the highest. Where the windows are narrow this evaluates
    ///   barely more pairs than walking each event's own window, eight events at a time.
    ///
    /// Either way every event's window lies inside the edges it is evaluated against, and outside
    /// its window an edge contributes exactly nothing (as in the window walk), so the grouping
    /// changes only the order of the sums.
    enum EventGrouping {
        case whole
        case intervals(order: [Int], groups: [EventGroup])
    }

    /// Events `events` (positions in the sorted order) and the edges `edges` they are evaluated against.
    struct EventGroup {
        let events: Range<Int>
        let edges: Range<Int>
    }

    /// With this many finite edges or fewer the batch is always taken whole: a few-bin histogram
    /// has about as many edges as a window holds, and this way no event pays for a window
    /// search or a scratch row.
    static let fewEdges = 16

    /// The most edges in one run (`CKDEKernel` keeps a sum per bin).
    static let eventLanesEdgeLimit = Int(NEOS_KDE_LANES_MAX_EDGES)

    /// How the event-lanes kernel takes `values`, or nil where walking each event's window is
    /// faster: beyond ``fewEdges`` edges on processors without AVX2 (two doubles per instruction
    /// give the C loop no edge over the Swift window walk), and where some run of edges would exceed
    /// ``eventLanesEdgeLimit``. The batch goes whole when the windows span at least 80% of the
    /// edges, else by intervals (with AVX-512 and 100 bins, value and gradient take 2–3× less
    /// time than with the window walk for h = one bin width, and 1.9× less for h = five).
    func eventGrouping(_ values: [Double]) -> EventGrouping? {
        if edgeCount <= Self.fewEdges { return .whole }
        guard InstructionSet.best != .baseline else { return nil }
        let spacing = (paddedEdges[edgeCount - 1] - paddedEdges[0]) / Double(edgeCount - 1)
        let windowEdges = 2 * StandardNormal.cutoff * bandwidth / spacing
        if windowEdges >= 0.8 * Double(edgeCount) {
            return edgeCount <= Self.eventLanesEdgeLimit ? .whole : nil
        }
        return intervalGrouping(values)
    }

    /// The events sorted by the interval they fall in (a counting sort), in one group
    /// per interval; nil if some group's run of edges exceeds ``eventLanesEdgeLimit``.
    func intervalGrouping(_ values: [Double]) -> EventGrouping? {
        paddedEdges.withUnsafeBufferPointer { edges -> EventGrouping? in
            let edges = edges.baseAddress!
            // The interval holding x: the first edge with z > 0 (as the window walk finds it).
            let keys = values.map { x in firstIndex(x, edges, from: 0, to: edgeCount, near: x) { $0 > 0 } }
            var starts = [Int](repeating: 0, count: edgeCount + 2)
            for key in keys { starts[key + 1] += 1 }
            for i in 1..<starts.count { starts[i] += starts[i - 1] }
            var next = starts
            var order = [Int](repeating: 0, count: values.count)
            for (event, key) in keys.enumerated() {
                order[next[key]] = event
                next[key] += 1
            }
            var groups: [EventGroup] = []
            for key in 0...edgeCount where starts[key] < starts[key + 1] {
                let members = starts[key]..<starts[key + 1]
                var lowest = Double.infinity, highest = -Double.infinity
                for position in members {
                    lowest = min(lowest, values[order[position]])
                    highest = max(highest, values[order[position]])
                }
                let run = window(lowest, edges, needAbove: false).lo..<window(highest, edges, needAbove: false).hi
                guard run.count <= Self.eventLanesEdgeLimit else { return nil }
                groups.append(EventGroup(events: members, edges: run))
            }
            return .intervals(order: order, groups: groups)
        }
    }
}

extension KDEKernel.EventGrouping {
    /// The parts of the groups that fall in `range` of the (sorted) events.
    func segments(in range: Range<Int>, edgeCount: Int) -> [KDEKernel.EventGroup] {
        switch self {
        case .whole:
            return [KDEKernel.EventGroup(events: range, edges: 0..<edgeCount)]
        case let .intervals(_, groups):
            var low = 0, high = groups.count
            while low < high {
                let middle = (low + high) / 2
                if groups[middle].events.upperBound <= range.lowerBound { low = middle + 1 } else { high = middle }
            }
            var parts: [KDEKernel.EventGroup] = []
            for group in groups[low...] {
                guard group.events.lowerBound < range.upperBound else { break }
                parts.append(KDEKernel.EventGroup(events: group.events.clamped(to: range), edges: group.edges))
            }
            return parts
        }
    }

    /// The values (and weights) in the grouping's order.
    func ordered(_ values: [Double]) -> [Double] {
        guard case let .intervals(order, _) = self else { return values }
        return order.map { values[$0] }
    }

    /// Per-event results in the grouping's order, put back in the events' own order.
    func restored(_ results: [Double]) -> [Double] {
        guard case let .intervals(order, _) = self, !results.isEmpty else { return results }
        var restored = [Double](repeating: 0, count: results.count)
        for (position, event) in order.enumerated() { restored[event] = results[position] }
        return restored
    }
}
