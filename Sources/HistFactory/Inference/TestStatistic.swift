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

/// A profile-likelihood test statistic with the two fits it compares.
public struct ProfiledTestStatistic: Sendable {
    public var value: Double
    /// The unconditional fit (μ̂, θ̂), improved from the conditional one when that was lower.
    public var freeFit: FitResult
    /// The conditional fit θ̂̂(μ).
    public var conditionalFit: FitResult
}

extension Model {
    /// The value of `statistic` at `poiValue` for `data`, from a conditional fit and the given
    /// (or a fresh) unconditional fit.
    public func testStatistic(
        _ statistic: TestStatistic, poiValue: Double, data: [Double],
        settings: FitSettings? = nil, freeFit: FitResult? = nil
    ) -> Double {
        profiledTestStatistic(statistic, poiValue: poiValue, data: data, settings: settings, freeFit: freeFit).value
    }

    /// The test statistic with its fits. The conditional fit is warm-started from the
    /// unconditional one and from the minima in `memory` (and searches globally only if it is the
    /// first to claim the memory's global search); should it end lower than the unconditional minimum (which a global
    /// minimum cannot), the unconditional fit is repeated from the conditional point and the
    /// lower of the two kept, so that t_μ ≥ 0 holds by construction and not by clipping.
    /// Without `searchesGlobally` (pseudo-experiments, whose fits start from the parameters that
    /// generated them) neither fit runs the global search of a doubtful fit.
    public func profiledTestStatistic(
        _ statistic: TestStatistic, poiValue: Double, data: [Double],
        settings: FitSettings? = nil, freeFit: FitResult? = nil, memory: MinimaMemory? = nil,
        searchesGlobally: Bool = true
    ) -> ProfiledTestStatistic {
        var free = freeFit ?? fit(data: data, settings: settings, computeUncertainties: false, globalSearch: searchesGlobally)
        let conditional = fixedPOIFit(
            poiValue: poiValue, data: data, settings: settings, warmStarts: [free.parameters] + (memory?.starts ?? []),
            globalSearch: searchesGlobally && (memory?.claimGlobalSearch() ?? true)
        )
        memory?.remember(conditional, poiIndex: poiIndex)
        if conditional.twiceNLL < free.twiceNLL - 1e-9 * max(1, abs(free.twiceNLL)) {
            let refit = fit(data: data, settings: settings, computeUncertainties: false, warmStarts: [conditional.parameters], globalSearch: searchesGlobally)
            if refit.twiceNLL < free.twiceNLL { free = refit }
        }
        let t = max(0, conditional.twiceNLL - free.twiceNLL)
        let muHat = free.parameters[poiIndex]
        let value: Double
        switch statistic {
        case .q0: value = muHat < 0 ? 0 : t
        case .q, .qtilde: value = muHat > poiValue ? 0 : t
        }
        return ProfiledTestStatistic(value: value, freeFit: free, conditionalFit: conditional)
    }

    /// Asimov data for the asymptotic formulae (pyhf `generate_asimov_data`): the expected main and
    /// auxiliary data at θ̂̂(μ_A), the nuisance parameters fitted to the observed data with the
    /// POI held at μ_A.
    public func asimovData(poiValue: Double, fittedTo data: [Double], settings: FitSettings? = nil) -> [Double] {
        asimovDataWithFit(poiValue: poiValue, fittedTo: data, settings: settings).data
    }

    /// The Asimov data with the conditional fit that generated it.
    public func asimovDataWithFit(
        poiValue: Double, fittedTo data: [Double], settings: FitSettings? = nil, warmStarts: [[Double]] = []
    ) -> (data: [Double], fit: FitResult) {
        let conditional = fixedPOIFit(poiValue: poiValue, data: data, settings: settings, warmStarts: warmStarts)
        return (expectedData(conditional.parameters), conditional)
    }

    /// The Asimov data at the model's suggested parameters (nominal templates, POI at its init):
    /// the dataset of the Fisher-information objective.
    public var nominalAsimovData: [Double] { expectedData(suggestedInit) }
}
