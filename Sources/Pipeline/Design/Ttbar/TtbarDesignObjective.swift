import _Differentiation
import SummaryNetworks

/// The objective of the joint optimisation of the INFERNO ttbar network and the detector:
///
///     L(φ, ψ) = Δμ(φ, ψ) + λ · c(ψ),   ψ = (r, t)
///
/// Δμ = σ_μ of the benchmark's full model (μ, free QCD normalisation, luminosity, normalisation
/// and shape systematics, staterror; ``TtbarSoftTemplates``) filled with the soft histograms of
/// every process and variation, each event weighted by its trigger acceptance a_k(t)
/// (``TtbarDetector``; not renormalised, so the expected yields fall with t), and then moved to
/// the jet resolution r (``TtbarResolution``). c is the detector's cost.
public struct TtbarDesignObjective: Sendable {
    public var detector: TtbarDetector
    public let templates: TtbarSoftTemplates
    public let resolution: TtbarResolution
    /// λ, the price of one unit of cost in units of Δμ.
    public var lambda: Double
    /// The p_T,τ proxies and weights of the QCD events whose accepted fraction the rate cost counts.
    let rateTransverseMomenta: [Double]
    let rateWeights: [Double]

    public init(detector: TtbarDetector, templates: TtbarSoftTemplates, resolution: TtbarResolution, lambda: Double, rateEvents: TtbarEvents) {
        (self.detector, self.templates, self.resolution, self.lambda) = (detector, templates, resolution, lambda)
        rateTransverseMomenta = TauPtProxy.values(rateEvents.features)
        rateWeights = rateEvents.weights
    }

    /// L = Δμ + λ c(ψ).
    @differentiable(reverse, wrt: (network, psi))
    public func callAsFunction(_ network: MLP, _ psi: [Double], batch: TtbarDesignBatch) -> Double {
        deltaMu(network, psi, batch: batch) + lambda * cost(psi)
    }

    /// Δμ = σ_μ of the acceptance-weighted soft templates at resolution r.
    @differentiable(reverse, wrt: (network, psi))
    public func deltaMu(_ network: MLP, _ psi: [Double], batch: TtbarDesignBatch) -> Double {
        var weights: [[Double]] = []
        for k in withoutDerivative(at: batch.weights.indices) {
            let acceptance = detector.acceptance(batch.transverseMomenta[k], threshold: psi[1])
            weights.append(DetectorResponse.product(batch.weights[k], acceptance))
        }
        let histograms = templates.histograms(network, features: batch.features, weights: weights, varianceScale: batch.varianceScale)
        return templates.poiUncertainty(resolution(histograms, scale: psi[0]))
    }

    /// c(ψ) (``TtbarDetector/cost(_:rateTransverseMomenta:rateWeights:)``).
    @differentiable(reverse, wrt: psi)
    public func cost(_ psi: [Double]) -> Double {
        detector.cost(psi, rateTransverseMomenta: rateTransverseMomenta, rateWeights: rateWeights)
    }
}

/// Events of every histogram of ``TtbarWorkspace/histograms``: standardised features, weights
/// and p_T,τ proxies, and the staterror variance scale of the share of the sample they stand for.
public struct TtbarDesignBatch: Sendable {
    public let features: [[Double]]
    public let weights: [[Double]]
    public let transverseMomenta: [[Double]]
    public let varianceScale: Double

    /// `parts` hold standardised events, `share` of the full sample (weights scaled up by 1/share).
    init(parts: [TtbarEvents], scaling: FeatureScaling, share: Double, testFraction: Double) {
        features = parts.map(\.features)
        weights = parts.map(\.weights)
        transverseMomenta = parts.map { TauPtProxy.values(standardised: $0.features, scaling: scaling) }
        varianceScale = share / testFraction
    }
}
