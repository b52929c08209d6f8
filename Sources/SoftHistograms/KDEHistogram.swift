import _Differentiation

/// Differentiable histograms from a binned Gaussian kernel density estimate (bKDE), as
/// `relaxed.hist` (relaxed 0.4.0, `src/relaxed/ops.py`) defines them, with event weights:
///
///     count_i = Σ_k w_k [ Φ((e_{i+1} − x_k)/h) − Φ((e_i − x_k)/h) ]
///
/// for events x_k with weights w_k (default 1), strictly increasing bin edges e_0 < … < e_n
/// and an absolute bandwidth h in the units of x (no Scott's rule). Counts are not divided by
/// the number of events: mass spilling outside [e_0, e_n] is lost unless `foldOverflow`.
///
/// - `density`: count_i / (e_{i+1} − e_i) / Σ_j count_j (numpy's and relaxed's convention:
///   normalised by the in-range sum, or by the total with folding). Without folding, a batch
///   with no mass inside [e_0, e_n] gives 0/0 = NaN, as in numpy and relaxed.
/// - `foldOverflow`: the mass below e_0 goes to the first bin and the mass above e_n to the
///   last, i.e. the first bin is Φ((e_1 − x)/h) and the last 1 − Φ((e_{n−1} − x)/h); every
///   event then contributes exactly w_k in total, and e_0, e_n only matter through the bin
///   widths of `density`. (relaxed calls this `reflect_infinities`.)
///
/// Differentiable with respect to the values, the weights, the edges and the bandwidth, with
/// hand-written pullbacks:
///
///     ∂count_i/∂x_k = w_k [φ(z_{i,k}) − φ(z_{i+1,k})] / h,     z_{j,k} = (e_j − x_k)/h
///     ∂count_i/∂w_k = Φ(z_{i+1,k}) − Φ(z_{i,k})
///     ∂count_i/∂e_j = Σ_k w_k φ(z_{j,k})/h · ([j = i+1] − [j = i])
///     ∂count_i/∂h   = −Σ_k w_k [z_{i+1,k} φ(z_{i+1,k}) − z_{i,k} φ(z_{i,k})] / h
///
/// A Gaussian resolution σ on x is exactly a KDE with bandwidth √(h² + σ²): differentiate with
/// respect to the bandwidth to reach a detector-resolution parameter.
///
/// Differences from relaxed 0.4.0 (deliberate): with `foldOverflow` the bandwidth gradient
/// is finite (relaxed evaluates φ(−∞)·(−∞) and returns NaN); with `density` and
/// `foldOverflow` the overflow really is folded (relaxed divides the overflow bins by their
/// infinite width first, so it folds zeros and normalises by the total including overflow);
/// bin masses are formed from the smaller normal tail, so they stay accurate where relaxed
/// subtracts two numbers close to 1.
///
/// Cost: one polynomial per (event, edge) pair inside ±9 bandwidths of the event for the
/// forward pass (farther pairs contribute below 1.1e−19 of the event's mass and 2.6e−18 of its
/// peak density, and are skipped), plus one exponential per pair, or on evenly spaced edges
/// whose window spans 12 edges or more two per event (``GaussianLadder``); the pullback with
/// respect to the events needs only the exponentials. Instead of walking each event's window,
/// eight events share the SIMD lanes and go through a common run of edges: all of them for at
/// most 16 edges or when the windows span 80% of the edges; otherwise the events are sorted by
/// the interval they fall in and each interval's events take the run their windows reach. That
/// loop is compiled for AVX-512, AVX2+FMA and the baseline and runs the best one the processor
/// has (``instructionSet``); beyond 16 edges it is used with AVX2 or AVX-512 only, and where a
/// run fits in 128 edges. Large batches run on all cores in fixed chunks of events whose partial
/// sums are added in a fixed order, so results are bit-for-bit reproducible on a given processor.
public enum KDEHistogram {
    /// The instruction set of the loop that takes eight events at a time (see the cost notes
    /// above) on this processor: "AVX-512", "AVX2+FMA" or "baseline".
    public static var instructionSet: String { KDEKernel.InstructionSet.best.name }

    /// Checks the input of ``counts(values:weights:edges:bandwidth:density:foldOverflow:)``:
    /// at least one event, finite values, one finite weight per event (when given), at least
    /// two finite, strictly increasing edges, and a finite bandwidth > 0 (with a finite inverse).
    public static func validate(values: [Double], weights: [Double]? = nil, edges: [Double], bandwidth: Double) throws {
        try Check.events(values)
        try Check.weights(weights, events: values.count)
        try Check.edges(edges)
        // 1/h must be finite too (h ≥ 2⁻¹⁰²⁴ or so): the kernel multiplies by it.
        guard bandwidth.isFinite, bandwidth > 0, (1 / bandwidth).isFinite else { throw SoftHistogramError.invalidBandwidth(bandwidth) }
    }

    /// The bKDE counts of unit-weight events (one per bin, `edges.count − 1` of them).
    /// Stops with the message of ``validate(values:weights:edges:bandwidth:)`` on bad input.
    @differentiable(reverse, wrt: (values, edges, bandwidth))
    public static func counts(
        values: [Double], edges: [Double], bandwidth: Double, density: Bool = false, foldOverflow: Bool = false
    ) -> [Double] {
        let plan = Plan(values: values, weights: nil, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
        return plan.forward(values: values, weights: nil).value
    }

    /// The bKDE counts of weighted events (one per bin, `edges.count − 1` of them).
    /// Stops with the message of ``validate(values:weights:edges:bandwidth:)`` on bad input.
    @differentiable(reverse, wrt: (values, weights, edges, bandwidth))
    public static func counts(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, density: Bool = false,
        foldOverflow: Bool = false
    ) -> [Double] {
        let plan = Plan(values: values, weights: weights, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
        return plan.forward(values: values, weights: weights).value
    }

    // MARK: derivatives (unweighted)

    @derivative(of: counts(values:edges:bandwidth:density:foldOverflow:))
    public static func _vjpCounts(
        values: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector, Double)) {
        let (value, pullback) = Plan(values: values, weights: nil, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: nil, needs: [.values, .edges, .bandwidth])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, .zero, 0) }
            return (.init(g.values), .init(g.edges), g.bandwidth)
        })
    }

    @derivative(of: counts(values:edges:bandwidth:density:foldOverflow:), wrt: values)
    public static func _vjpCountsWrtValues(
        values: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector) {
        let (value, pullback) = Plan(values: values, weights: nil, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: nil, needs: [.values])
        return (value, { v in pullback(v).map { .init($0.values) } ?? .zero })
    }

    // MARK: derivatives (weighted)

    @derivative(of: counts(values:weights:edges:bandwidth:density:foldOverflow:))
    public static func _vjpWeightedCounts(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (
        value: [Double],
        pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector, Array<Double>.TangentVector, Double)
    ) {
        let (value, pullback) = Plan(values: values, weights: weights, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: weights, needs: [.values, .weights, .edges, .bandwidth])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, .zero, .zero, 0) }
            return (.init(g.values), .init(g.weights), .init(g.edges), g.bandwidth)
        })
    }

    @derivative(of: counts(values:weights:edges:bandwidth:density:foldOverflow:), wrt: (values, weights))
    public static func _vjpWeightedCountsWrtValuesAndWeights(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector)) {
        let (value, pullback) = Plan(values: values, weights: weights, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: weights, needs: [.values, .weights])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, .zero) }
            return (.init(g.values), .init(g.weights))
        })
    }

    @derivative(of: counts(values:weights:edges:bandwidth:density:foldOverflow:), wrt: values)
    public static func _vjpWeightedCountsWrtValues(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector) {
        let (value, pullback) = Plan(values: values, weights: weights, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: weights, needs: [.values])
        return (value, { v in pullback(v).map { .init($0.values) } ?? .zero })
    }

    @derivative(of: counts(values:weights:edges:bandwidth:density:foldOverflow:), wrt: weights)
    public static func _vjpWeightedCountsWrtWeights(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, density: Bool, foldOverflow: Bool
    ) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector) {
        let (value, pullback) = Plan(values: values, weights: weights, edges: edges, bandwidth: bandwidth, density: density, fold: foldOverflow)
            .valueWithPullback(values: values, weights: weights, needs: [.weights])
        return (value, { v in pullback(v).map { .init($0.weights) } ?? .zero })
    }
}

extension KDEHistogram {
    /// The validated input with the kernel it needs, plus the density step on top.
    struct Plan {
        let edges: [Double]
        let density: Bool
        let fold: Bool
        let kernel: KDEKernel

        init(values: [Double], weights: [Double]?, edges: [Double], bandwidth: Double, density: Bool, fold: Bool) {
            Check.require("KDE histogram") {
                try KDEHistogram.validate(values: values, weights: weights, edges: edges, bandwidth: bandwidth)
            }
            self.edges = edges
            self.density = density
            self.fold = fold
            kernel = fold
                ? KDEKernel(edges: edges.dropFirst().dropLast(), openBelow: true, openAbove: true, bandwidth: bandwidth)
                : KDEKernel(edges: edges, openBelow: false, openAbove: false, bandwidth: bandwidth)
        }

        struct Forward {
            /// How the kernel took the events (computed once, for the pullback too).
            var grouping: KDEKernel.EventGrouping?
            var value: [Double]
            /// The counts before the density step.
            var raw: [Double]
            /// Σ raw (density only).
            var total: Double
        }

        func forward(values: [Double], weights: [Double]?) -> Forward {
            let grouping = kernel.eventGrouping(values)
            let raw = kernel.counts(values: values, weights: weights, grouping: grouping)
            guard density else { return Forward(grouping: grouping, value: raw, raw: raw, total: 0) }
            let total = raw.reduce(0, +)
            let value = raw.indices.map { raw[$0] / (edges[$0 + 1] - edges[$0]) / total }
            return Forward(grouping: grouping, value: value, raw: raw, total: total)
        }

        /// Gradients in the caller's terms (edges indexed like `edges`).
        struct Gradients {
            var values: [Double]
            var weights: [Double]
            var edges: [Double]
            var bandwidth: Double
        }

        /// The value and a pullback that returns nil for a zero (empty) cotangent.
        func valueWithPullback(values: [Double], weights: [Double]?, needs: KDEKernel.Needs) -> ([Double], (Array<Double>.TangentVector) -> Gradients?) {
            let forward = self.forward(values: values, weights: weights)
            return (forward.value, { v in
                if v.base.isEmpty { return nil }
                precondition(v.base.count == forward.value.count,
                             "KDE histogram pullback: cotangent has \(v.base.count) entries, expected \(forward.value.count)")
                return self.pullback(v.base, forward: forward, values: values, weights: weights, needs: needs)
            })
        }

        func pullback(_ v: [Double], forward: Forward, values: [Double], weights: [Double]?, needs: KDEKernel.Needs) -> Gradients {
            var cotangent = v
            var edgeGradient = [Double](repeating: 0, count: needs.contains(.edges) ? edges.count : 0)
            if density {
                // r_i = c_i / (W_i S):  ∂/∂c_b = (v_b/W_b − Σ_i v_i r_i)/S,  ∂/∂W_i = −v_i r_i / W_i.
                let r = forward.value
                let dot = zip(v, r).reduce(0) { $0 + $1.0 * $1.1 }
                for b in v.indices {
                    let width = edges[b + 1] - edges[b]
                    cotangent[b] = (v[b] / width - dot) / forward.total
                    if !edgeGradient.isEmpty {
                        let widthGradient = -v[b] * r[b] / width
                        edgeGradient[b + 1] += widthGradient
                        edgeGradient[b] -= widthGradient
                    }
                }
            }
            let g = kernel.pullback(cotangent: cotangent, values: values, weights: weights, needs: needs, grouping: forward.grouping)
            if !edgeGradient.isEmpty {
                let offset = fold ? 1 : 0
                for j in g.edges.indices { edgeGradient[j + offset] += g.edges[j] }
            }
            return Gradients(values: g.values, weights: g.weights, edges: edgeGradient, bandwidth: g.bandwidth)
        }
    }
}
