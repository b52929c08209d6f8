/// CLs from toys: the observed q and its distributions under signal-plus-background and
/// background only (see ``ToyCalculator``).
public struct ToyHypotestResult: Sendable {
    public let poiValue: Double
    public let observedStatistic: Double
    public let signal: EmpiricalDistribution
    public let background: EmpiricalDistribution

    public init(poiValue: Double, observedStatistic: Double, signal: [Double], background: [Double]) {
        self.poiValue = poiValue
        self.observedStatistic = observedStatistic
        self.signal = EmpiricalDistribution(signal)
        self.background = EmpiricalDistribution(background)
    }

    /// CL_s+b = P(q ≥ q_obs | s+b), CL_b = P(q ≥ q_obs | b) and CLs = CL_s+b / CL_b at `q`.
    public func pValues(at q: Double) -> (clsb: Double, clb: Double, cls: Double) {
        let clsb = signal.upperTail(q), clb = background.upperTail(q)
        return (clsb, clb, clsb / clb)
    }

    /// The observed (CL_s+b, CL_b, CLs).
    public var observedPValues: (clsb: Double, clb: Double, cls: Double) { pValues(at: observedStatistic) }

    public var observed: Double { observedPValues.cls }

    /// Expected CLs at −2σ … +2σ: the Φ(−2), Φ(−1), ½, Φ(1), Φ(2) quantiles (numpy's linear
    /// interpolation) of CLs evaluated at every background toy's q (pyhf `expected_pvalues`,
    /// with its percentiles to the digits it writes them).
    public var expectedBand: [Double] {
        let cls = EmpiricalDistribution(background.samples.map { pValues(at: $0).cls })
        return Self.bandPercentiles.map { cls.quantile($0 / 100) }
    }

    /// 100 Φ(n) for n = −2 … 2, as pyhf 0.7.6 writes them.
    static let bandPercentiles = [2.27501319, 15.86552539, 50.0, 84.13447461, 97.72498681]
}

/// A sample of a statistic, sorted.
public struct EmpiricalDistribution: Sendable {
    public let samples: [Double]

    public init(_ samples: [Double]) { self.samples = samples.sorted() }

    /// The fraction of samples ≥ `value` (pyhf `EmpiricalDistribution.pvalue`).
    public func upperTail(_ value: Double) -> Double {
        var low = 0, high = samples.count
        while low < high {
            let middle = (low + high) / 2
            if samples[middle] >= value { high = middle } else { low = middle + 1 }
        }
        return Double(samples.count - low) / Double(samples.count)
    }

    /// The p-quantile with linear interpolation between order statistics (numpy's default
    /// `percentile(…, 100 p)`): position p·(n − 1).
    public func quantile(_ p: Double) -> Double {
        let position = p * Double(samples.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, samples.count - 1)
        return samples[low] + (samples[high] - samples[low]) * (position - Double(low))
    }
}
