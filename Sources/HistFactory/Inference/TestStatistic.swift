/// The profile-likelihood test statistics of Cowan, Cranmer, Gross and Vitells
/// (arXiv:1007.1727), with t_μ = −2 log λ(μ) = max(0, −2 log L(μ, θ̂̂) + 2 log L(μ̂, θ̂)):
///
/// - `q0` (eq. 12): discovery, q₀ = t₀ if μ̂ ≥ 0, else 0.
/// - `q` (eq. 14): upper limits, q_μ = t_μ if μ̂ ≤ μ, else 0.
/// - `qtilde` (eq. 16): q̃_μ, the same with μ̂ bounded below by 0 (the POI's lower bound
///   takes that role, as in pyhf); its asymptotic distribution differs (eq. 65).
public enum TestStatistic: String, CaseIterable, Sendable {
    case q0, q, qtilde

    /// The signal strength of the Asimov dataset used for the asymptotic distributions:
    /// 1 for discovery, 0 for limits (pyhf `generate_asimov_data`).
    public var asimovPOI: Double { self == .q0 ? 1 : 0 }
}

extension Model {
    /// The value of `statistic` at `poiValue` for `data`, from a conditional fit and the given
    /// (or a fresh) unconditional fit.
    public func testStatistic(
        _ statistic: TestStatistic, poiValue: Double, data: [Double],
        settings: FitSettings? = nil, freeFit: FitResult? = nil
    ) -> Double {
        let free = freeFit ?? fit(data: data, settings: settings, computeUncertainties: false)
        let conditional = fixedPOIFit(poiValue: poiValue, data: data, settings: settings)
        let t = max(0, conditional.twiceNLL - free.twiceNLL)
        let muHat = free.parameters[poiIndex]
        switch statistic {
        case .q0: return muHat < 0 ? 0 : t
        case .q, .qtilde: return muHat > poiValue ? 0 : t
        }
    }

    /// Asimov data for the asymptotic formulae (pyhf `generate_asimov_data`): the expected main and
    /// auxiliary data at θ̂̂(μ_A), the nuisance parameters fitted to the observed data with the
    /// POI held at μ_A.
    public func asimovData(poiValue: Double, fittedTo data: [Double], settings: FitSettings? = nil) -> [Double] {
        expectedData(fixedPOIFit(poiValue: poiValue, data: data, settings: settings).parameters)
    }

    /// The Asimov data at the model's suggested parameters (nominal templates, POI at its init):
    /// the dataset of the Fisher-information objective.
    public var nominalAsimovData: [Double] { expectedData(suggestedInit) }
}
