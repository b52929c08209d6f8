import _Differentiation
import ChunkedWork
import Foundation

/// Differentiable histograms from per-event class scores, as in INFERNO (de Castro & Dorigo,
/// "INFERNO: Inference-Aware Neural Optimisation", arXiv:1806.04743, §3): the summary network
/// ends in B logits per event and each event is spread over the B bins by a softmax with
/// temperature τ,
///
///     count_i = Σ_k w_k softmax_i(z_k / τ),   softmax_i(y) = exp(y_i − max y) / Σ_j exp(y_j − max y)
///
/// (the maximum is subtracted for stability; weights default to 1). As τ → 0 this becomes the
/// hard histogram of the arg-max bin. Logits are row-major, events × bins.
///
/// Pullbacks (s_k = softmax(z_k/τ), cotangent v, v̄_k = Σ_j s_kj v_j):
///
///     ∂/∂z_kj = w_k s_kj (v_j − v̄_k) / τ
///     ∂/∂w_k  = v̄_k
///     ∂/∂τ    = −Σ_kj w_k s_kj (v_j − v̄_k) z_kj / τ²
public enum SoftmaxHistogram {
    /// Checks the input of ``counts(logits:weights:bins:temperature:)``: at least one bin, logits
    /// forming rows of `bins`, at least one event, finite logits, one finite weight per event
    /// (when given) and a finite temperature > 0.
    public static func validate(logits: [Double], weights: [Double]? = nil, bins: Int, temperature: Double) throws {
        guard bins >= 1 else { throw SoftHistogramError.invalidBinCount(bins) }
        guard logits.count % bins == 0 else { throw SoftHistogramError.logitsShape(count: logits.count, bins: bins) }
        guard !logits.isEmpty else { throw SoftHistogramError.emptyBatch(what: "logits") }
        for (index, value) in logits.enumerated() where !value.isFinite {
            throw SoftHistogramError.nonFiniteLogit(event: index / bins, bin: index % bins, value: value)
        }
        try Check.weights(weights, events: logits.count / bins)
        guard temperature.isFinite, temperature > 0 else { throw SoftHistogramError.invalidTemperature(temperature) }
    }

    /// The softmax-temperature counts of unit-weight events (`bins` of them).
    /// Stops with the message of ``validate(logits:weights:bins:temperature:)`` on bad input.
    @differentiable(reverse, wrt: (logits, temperature))
    public static func counts(logits: [Double], bins: Int, temperature: Double = 1) -> [Double] {
        Plan(logits: logits, weights: nil, bins: bins, temperature: temperature).forward(keepProbabilities: false).counts
    }

    /// The softmax-temperature counts of weighted events (`bins` of them).
    /// Stops with the message of ``validate(logits:weights:bins:temperature:)`` on bad input.
    @differentiable(reverse, wrt: (logits, weights, temperature))
    public static func counts(logits: [Double], weights: [Double], bins: Int, temperature: Double = 1) -> [Double] {
        Plan(logits: logits, weights: weights, bins: bins, temperature: temperature).forward(keepProbabilities: false).counts
    }

    @derivative(of: counts(logits:bins:temperature:))
    public static func _vjpCounts(logits: [Double], bins: Int, temperature: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Double)
    ) {
        let (value, pullback) = Plan(logits: logits, weights: nil, bins: bins, temperature: temperature)
            .valueWithPullback(needs: [.logits, .temperature])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, 0) }
            return (.init(g.logits), g.temperature)
        })
    }

    @derivative(of: counts(logits:bins:temperature:), wrt: logits)
    public static func _vjpCountsWrtLogits(logits: [Double], bins: Int, temperature: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector
    ) {
        let (value, pullback) = Plan(logits: logits, weights: nil, bins: bins, temperature: temperature)
            .valueWithPullback(needs: [.logits])
        return (value, { v in pullback(v).map { .init($0.logits) } ?? .zero })
    }

    @derivative(of: counts(logits:weights:bins:temperature:))
    public static func _vjpWeightedCounts(logits: [Double], weights: [Double], bins: Int, temperature: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector, Double)
    ) {
        let (value, pullback) = Plan(logits: logits, weights: weights, bins: bins, temperature: temperature)
            .valueWithPullback(needs: [.logits, .weights, .temperature])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, .zero, 0) }
            return (.init(g.logits), .init(g.weights), g.temperature)
        })
    }

    @derivative(of: counts(logits:weights:bins:temperature:), wrt: (logits, weights))
    public static func _vjpWeightedCountsWrtLogitsAndWeights(logits: [Double], weights: [Double], bins: Int, temperature: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector)
    ) {
        let (value, pullback) = Plan(logits: logits, weights: weights, bins: bins, temperature: temperature)
            .valueWithPullback(needs: [.logits, .weights])
        return (value, { v in
            guard let g = pullback(v) else { return (.zero, .zero) }
            return (.init(g.logits), .init(g.weights))
        })
    }

    @derivative(of: counts(logits:weights:bins:temperature:), wrt: logits)
    public static func _vjpWeightedCountsWrtLogits(logits: [Double], weights: [Double], bins: Int, temperature: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector
    ) {
        let (value, pullback) = Plan(logits: logits, weights: weights, bins: bins, temperature: temperature)
            .valueWithPullback(needs: [.logits])
        return (value, { v in pullback(v).map { .init($0.logits) } ?? .zero })
    }
}

extension SoftmaxHistogram {
    struct Needs: OptionSet {
        let rawValue: Int
        static let logits = Needs(rawValue: 1)
        static let weights = Needs(rawValue: 2)
        static let temperature = Needs(rawValue: 4)
    }

    struct Gradients {
        var logits: [Double] = []
        var weights: [Double] = []
        var temperature: Double = 0
    }

    struct Plan {
        let logits: [Double]
        let weights: [Double]?
        let bins: Int
        let events: Int
        let temperature: Double

        init(logits: [Double], weights: [Double]?, bins: Int, temperature: Double) {
            Check.require("softmax histogram") {
                try SoftmaxHistogram.validate(logits: logits, weights: weights, bins: bins, temperature: temperature)
            }
            self.logits = logits
            self.weights = weights
            self.bins = bins
            events = logits.count / bins
            self.temperature = temperature
        }

        /// The counts and, when asked, the per-event probabilities (events × bins).
        func forward(keepProbabilities: Bool) -> (counts: [Double], probabilities: [Double]) {
            let bins = self.bins
            let temperature = self.temperature
            var probabilities = [Double](repeating: 0, count: keepProbabilities ? logits.count : 0)
            let partial = PartialSums(rows: EventChunks.count(events: events), columns: bins)
            logits.withUnsafeBufferPointer { logits in
                withOptionalBuffer(weights) { weights in
                    probabilities.withUnsafeMutableBufferPointer { probabilities in
                        EventChunks.forEach(events: events, operationsPerEvent: 20 * bins) { chunk, range in
                            let row = UnsafeMutablePointer<Double>.allocate(capacity: bins)
                            defer { row.deallocate() }
                            let out = partial.row(chunk)
                            for k in range {
                                let z = logits.baseAddress! + k * bins
                                var largest = -Double.infinity
                                for j in 0..<bins {
                                    row[j] = z[j] / temperature
                                    largest = max(largest, row[j])
                                }
                                var sum = 0.0
                                for j in 0..<bins {
                                    row[j] = exp(row[j] - largest)
                                    sum += row[j]
                                }
                                let w = weights?[k] ?? 1
                                for j in 0..<bins {
                                    let p = row[j] / sum
                                    out[j] += w * p
                                    if keepProbabilities { probabilities[k * bins + j] = p }
                                }
                            }
                        }
                    }
                }
            }
            return (partial.columnSums(), probabilities)
        }

        func valueWithPullback(needs: Needs) -> ([Double], (Array<Double>.TangentVector) -> Gradients?) {
            let (counts, probabilities) = forward(keepProbabilities: true)
            return (counts, { v in
                if v.base.isEmpty { return nil }
                precondition(v.base.count == bins, "softmax histogram pullback: cotangent has \(v.base.count) entries, expected \(bins)")
                return self.pullback(v.base, probabilities: probabilities, needs: needs)
            })
        }

        func pullback(_ v: [Double], probabilities: [Double], needs: Needs) -> Gradients {
            let bins = self.bins
            let temperature = self.temperature
            var logitGradient = [Double](repeating: 0, count: needs.contains(.logits) ? logits.count : 0)
            var weightGradient = [Double](repeating: 0, count: needs.contains(.weights) ? events : 0)
            let needTemperature = needs.contains(.temperature)
            let partial = PartialSums(rows: needTemperature ? EventChunks.count(events: events) : 0, columns: 1)
            logits.withUnsafeBufferPointer { logits in
                withOptionalBuffer(weights) { weights in
                    probabilities.withUnsafeBufferPointer { probabilities in
                        logitGradient.withUnsafeMutableBufferPointer { logitGradient in
                            weightGradient.withUnsafeMutableBufferPointer { weightGradient in
                                EventChunks.forEach(events: events, operationsPerEvent: 8 * bins) { chunk, range in
                                    var temperatureSum = 0.0
                                    for k in range {
                                        let s = probabilities.baseAddress! + k * bins
                                        var mean = 0.0
                                        for j in 0..<bins { mean += s[j] * v[j] }
                                        if !weightGradient.isEmpty { weightGradient[k] = mean }
                                        let w = weights?[k] ?? 1
                                        let z = logits.baseAddress! + k * bins
                                        for j in 0..<bins {
                                            let dy = w * s[j] * (v[j] - mean)  // ∂/∂(z_kj/τ)
                                            if !logitGradient.isEmpty { logitGradient[k * bins + j] = dy / temperature }
                                            if needTemperature { temperatureSum += dy * z[j] }
                                        }
                                    }
                                    if needTemperature { partial.row(chunk)[0] = temperatureSum }
                                }
                            }
                        }
                    }
                }
            }
            var result = Gradients(logits: logitGradient, weights: weightGradient)
            if needTemperature { result.temperature = -partial.columnSums()[0] / (temperature * temperature) }
            return result
        }
    }
}
