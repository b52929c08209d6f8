import GSL

/// The asymptotic calculator of pyhf (`infer/calculators.py`), with the fits that do not depend on
/// the tested μ done once: the free fit to the data, the Asimov dataset and the free fit to it.
public struct AsymptoticCalculator: Sendable {
    public let model: Model
    public let data: [Double]
    public let settings: FitSettings
    public let statistic: TestStatistic
    public let freeFitToData: FitResult
    public let asimovData: [Double]
    public let freeFitToAsimov: FitResult

    public init(model: Model, data: [Double], settings: FitSettings? = nil, statistic: TestStatistic) {
        let settings = settings ?? FitSettings(model: model)
        self.model = model
        self.data = data
        self.settings = settings
        self.statistic = statistic
        freeFitToData = model.fit(data: data, settings: settings, computeUncertainties: false)
        asimovData = model.asimovData(poiValue: statistic.asimovPOI, fittedTo: data, settings: settings)
        freeFitToAsimov = model.fit(data: asimovData, settings: settings, computeUncertainties: false)
    }

    /// q on the data and q_A on the Asimov data at μ.
    public func testStatistics(poiValue: Double) -> (observed: Double, asimov: Double) {
        let observed = model.testStatistic(statistic, poiValue: poiValue, data: data, settings: settings, freeFit: freeFitToData)
        let asimov = model.testStatistic(statistic, poiValue: poiValue, data: asimovData, settings: settings, freeFit: freeFitToAsimov)
        return (observed, asimov)
    }

    /// CLs (or p₀ for q0) observed and the expected band at μ.
    public func hypotest(poiValue: Double) -> HypotestResult {
        let (q, qA) = testStatistics(poiValue: poiValue)
        return HypotestResult(statistic: statistic, poiValue: poiValue, observedStatistic: q, asimovStatistic: qA)
    }

    /// Hypothesis tests on a grid of POI values (for CLs curves and Brazil bands).
    public func hypotests(poiValues: [Double]) -> [HypotestResult] {
        poiValues.map(hypotest(poiValue:))
    }
}

/// The asymptotic p-values of one hypothesis test.
///
/// With √q and √q_A, the test statistic in pyhf's −μ̂/σ space is t = √q − √q_A (q, q0, and q̃
/// when √q ≤ √q_A) or t = (q − q_A)/(2√q_A) (q̃ otherwise, eq. 65 of arXiv:1007.1727); then
/// CL_s+b = Φ(−(t + √q_A)), CL_b = Φ(−t), CL_s = CL_s+b/CL_b. The expected band evaluates the
/// same at t = n for n = 2, 1, 0, −1, −2, which lists it from −2σ to +2σ (ascending CLs).
public struct HypotestResult: Sendable {
    public let statistic: TestStatistic
    public let poiValue: Double
    /// q on the observed data.
    public let observedStatistic: Double
    /// q_A on the Asimov data.
    public let asimovStatistic: Double

    public init(statistic: TestStatistic, poiValue: Double, observedStatistic: Double, asimovStatistic: Double) {
        self.statistic = statistic
        self.poiValue = poiValue
        self.observedStatistic = observedStatistic
        self.asimovStatistic = asimovStatistic
    }

    private var sqrtAsimov: Double { asimovStatistic.squareRoot() }

    private var observedT: Double {
        let sqrtQ = observedStatistic.squareRoot()
        if statistic == .qtilde && sqrtQ > sqrtAsimov {
            return (observedStatistic - asimovStatistic) / (2 * sqrtAsimov)
        }
        return sqrtQ - sqrtAsimov
    }

    private func tailProbabilities(_ t: Double) -> (clsb: Double, clb: Double) {
        (NormalDistribution.upperTail(t + sqrtAsimov), NormalDistribution.upperTail(t))
    }

    /// CL_s+b and CL_b of the observed data.
    public var observedTailProbabilities: (clsb: Double, clb: Double) { tailProbabilities(observedT) }

    /// Observed CLs (for q0: the observed p₀ = CL_s+b).
    public var observed: Double {
        let (clsb, clb) = observedTailProbabilities
        return statistic == .q0 ? clsb : clsb / clb
    }

    /// Expected CLs (for q0: expected p₀) at −2σ, −1σ, median, +1σ, +2σ.
    public var expectedBand: [Double] {
        [2.0, 1, 0, -1, -2].map { n in
            let (clsb, clb) = tailProbabilities(n)
            return statistic == .q0 ? clsb : clsb / clb
        }
    }

    /// The observed significance Z = Φ⁻¹(1 − p) of the observed p-value (for q0: √q₀).
    public var observedSignificance: Double { NormalDistribution.upperQuantile(observed) }
}
