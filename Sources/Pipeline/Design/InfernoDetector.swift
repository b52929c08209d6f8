import _Differentiation
import Foundation
import SoftHistograms

/// The INFERNO 3-D problem (``InfernoProblem``) seen through a detector with two parameters
/// ψ = (σ_det, t):
///
/// - x₀ is measured with a Gaussian resolution σ_det (same units as x₀; the signal's x₀ has
///   width 1, the background's √5): x₀′ = x₀ + σ_det·ε, ε fixed per event. A coarser resolution
///   widens both peaks and blurs the signal/background separation in x₀ (and makes the
///   background shift r harder to tell from the signal).
/// - x₂ is measured exactly but only events above a trigger threshold t are recorded, with a
///   turn-on curve of width w: acceptance a = 1/(1 + exp(−(x₂ − t)/w)). Signal x₂ ~ Exp(2) and
///   background x₂ ~ Exp(3), so a hard threshold keeps e^{−2t} of the signal and e^{−3t} of the
///   background; the acceptance multiplies the events' weights in the histograms.
/// - x₁ is measured exactly.
///
/// The cost, in units of Δμ:
///
///     c(ψ) = k_res / σ_det + k_rate · e^{−3t}
///
/// finer resolution costs more (k_res/σ_det, e.g. channels ∝ 1/σ), and every recorded background
/// event costs trigger bandwidth (e^{−3t} is the fraction of the nominal background above a hard
/// threshold t ≥ 0).
public struct InfernoDetector: DetectorModel {
    /// k_res: the cost of a detector with σ_det = 1.
    public var resolutionCost: Double
    /// k_rate: the cost of recording the whole background.
    public var rateCost: Double
    /// w, the width of the trigger turn-on in x₂.
    public var turnOnWidth: Double
    public var resolutionBounds: ClosedRange<Double>
    public var thresholdBounds: ClosedRange<Double>

    public init(resolutionCost: Double = 0.01, rateCost: Double = 0.1, turnOnWidth: Double = 0.05,
                resolutionBounds: ClosedRange<Double> = 0.05...5, thresholdBounds: ClosedRange<Double> = 0...1.5) {
        self.resolutionCost = resolutionCost
        self.rateCost = rateCost
        self.turnOnWidth = turnOnWidth
        self.resolutionBounds = resolutionBounds
        self.thresholdBounds = thresholdBounds
    }

    public var parameters: [DetectorParameter] {
        [
            DetectorParameter(name: "sigma_det", unit: "units of x0", meaning: "Gaussian resolution on x0", bounds: resolutionBounds),
            DetectorParameter(name: "threshold", unit: "units of x2", meaning: "trigger threshold on x2", bounds: thresholdBounds),
        ]
    }

    public var noisePerEvent: Int { 1 }

    @differentiable(reverse, wrt: psi)
    public func measure(_ events: [Double], noise: [Double], parameters psi: [Double]) -> MeasuredEvents {
        let features = withoutDerivative(at: InfernoProblem.features)
        let smeared = DetectorResponse.smear(events, features: features, column: 0, noise: noise, resolution: psi[0])
        let acceptance = SigmoidCut.weights(values: DetectorResponse.column(events, features: features, column: 2),
                                            cut: psi[1], slope: 1 / turnOnWidth)
        return MeasuredEvents(features: smeared, weights: acceptance)
    }

    @differentiable(reverse, wrt: psi)
    public func cost(_ psi: [Double]) -> Double {
        resolutionCost / psi[0] + rateCost * exp(-InfernoProblem.nominalRate * psi[1])
    }
}
