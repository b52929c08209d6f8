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
    /// The fits every test shares: the free fit to the data, the conditional fit that made the
    /// Asimov data, and the free fit to the Asimov data.
    public let sharedFits: [FitRecord]
    /// The minima found so far on the observed and on the Asimov data (see ``MinimaMemory``).
    public let observedMinima = MinimaMemory()
    public let asimovMinima = MinimaMemory()

    public init(model: Model, data: [Double], settings: FitSettings? = nil, statistic: TestStatistic) {
        let settings = settings ?? FitSettings(model: model)
        self.model = model
        self.data = data
        self.settings = settings
        self.statistic = statistic
        freeFitToData = model.fit(data: data, settings: settings, computeUncertainties: false)
        let poi = model.poiName, asimovPOI = statistic.asimovPOI
        let asimov = model.asimovDataWithFit(
            poiValue: asimovPOI, fittedTo: data, settings: settings, warmStarts: [freeFitToData.parameters]
        )
        asimovData = asimov.data
        freeFitToAsimov = model.fit(data: asimovData, settings: settings, computeUncertainties: false, warmStarts: [asimov.fit.parameters])
        observedMinima.remember(freeFitToData, poiIndex: model.poiIndex)
        observedMinima.remember(asimov.fit, poiIndex: model.poiIndex)
        asimovMinima.remember(freeFitToAsimov, poiIndex: model.poiIndex)
        sharedFits = [
            FitRecord(name: "free fit to the observed data", status: freeFitToData.status),
            FitRecord(name: "fit of \(poi) = \(asimovPOI) to the observed data (for the Asimov data)", status: asimov.fit.status),
            FitRecord(name: "free fit to the Asimov data", status: freeFitToAsimov.status),
        ]
    }

    /// q on the data and q_A on the Asimov data at μ, with the fits they came from.
    public func testStatistics(poiValue: Double) -> (observed: ProfiledTestStatistic, asimov: ProfiledTestStatistic) {
        let observed = model.profiledTestStatistic(statistic, poiValue: poiValue, data: data, settings: settings, freeFit: freeFitToData, memory: observedMinima)
        let asimov = model.profiledTestStatistic(statistic, poiValue: poiValue, data: asimovData, settings: settings, freeFit: freeFitToAsimov, memory: asimovMinima)
        return (observed, asimov)
    }

    /// CLs (or p₀ for q0) observed and the expected band at μ.
    public func hypotest(poiValue: Double) -> HypotestResult {
        let (q, qA) = testStatistics(poiValue: poiValue)
        let poi = model.poiName
        let fits = sharedFits + [
            FitRecord(name: "fit of \(poi) = \(poiValue) to the observed data", status: q.conditionalFit.status),
            FitRecord(name: "fit of \(poi) = \(poiValue) to the Asimov data", status: qA.conditionalFit.status),
        ]
        return HypotestResult(statistic: statistic, poiValue: poiValue, observedStatistic: q.value, asimovStatistic: qA.value, fits: fits)
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
    /// The fits behind q and q_A, with their status.
    public let fits: [FitRecord]

    public init(statistic: TestStatistic, poiValue: Double, observedStatistic: Double, asimovStatistic: Double, fits: [FitRecord] = []) {
        self.statistic = statistic
        self.poiValue = poiValue
        self.observedStatistic = observedStatistic
        self.asimovStatistic = asimovStatistic
        self.fits = fits
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
