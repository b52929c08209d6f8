import _Differentiation
import Foundation
import SoftHistograms

/// The detector and trigger parameters ψ = (r, t) of the ttbar → τh + jets design:
///
/// - r, the jet-energy-resolution scale: jets are measured with r × the nominal resolution of
///   the sample. The sample has no per-jet information, only the JER variations σ × 1.1 and
///   σ × 0.9, so r acts on the templates (``TtbarResolution``), not on events; r ∈ [0.9, 1.1].
/// - t, the τh p_T threshold of the trigger, in GeV: each event is kept with the sigmoid
///   acceptance a = 1/(1 + exp(−(p_T,τ − t)/w)) of its ``TauPtProxy`` (turn-on width w), which
///   multiplies its weight in every process and variation; t ∈ [45, 100] (45 GeV is the
///   sample's preselection).
///
/// The cost, in units of Δμ:
///
///     c(ψ) = k_res · (1/r − 1/r_max) + k_rate · f_QCD(t),   f_QCD(t) = Σ_k w_k a_k / Σ_k w_k
///
/// A finer resolution costs more (∝ 1/r, zero at the coarsest r_max = 1.1), and every recorded
/// event costs trigger bandwidth, measured by the accepted fraction of QCD multijet, the
/// dominant background (its nominal training events; differentiable through the sigmoid).
public struct TtbarDetector: Sendable {
    /// k_res, the price of 1/r: the resolution costs k_res·(1/r − 1/r_max).
    public var resolutionCost: Double
    /// k_rate: the cost of recording all QCD events.
    public var rateCost: Double
    /// w, the width of the trigger turn-on in p_T,τ (GeV).
    public var turnOnWidth: Double
    public var resolutionBounds: ClosedRange<Double>
    public var thresholdBounds: ClosedRange<Double>

    public init(resolutionCost: Double = 0.025, rateCost: Double = 0.05, turnOnWidth: Double = 2,
                resolutionBounds: ClosedRange<Double> = 0.9...1.1, thresholdBounds: ClosedRange<Double> = 45...100) {
        self.resolutionCost = resolutionCost
        self.rateCost = rateCost
        self.turnOnWidth = turnOnWidth
        self.resolutionBounds = resolutionBounds
        self.thresholdBounds = thresholdBounds
    }

    public var parameters: [DetectorParameter] {
        [
            DetectorParameter(name: "jer_scale", unit: "× nominal JER", meaning: "jet energy resolution scale r", bounds: resolutionBounds),
            DetectorParameter(name: "tau_pt_threshold", unit: "GeV", meaning: "τh p_T trigger threshold t", bounds: thresholdBounds),
        ]
    }

    /// a_k = 1/(1 + exp(−(p_T,k − t)/w)) for the events' p_T,τ proxies.
    @differentiable(reverse, wrt: threshold)
    public func acceptance(_ transverseMomenta: [Double], threshold: Double) -> [Double] {
        SigmoidCut.weights(values: transverseMomenta, cut: threshold, slope: 1 / turnOnWidth)
    }

    /// f(t) = Σ_k w_k a_k / Σ_k w_k.
    @differentiable(reverse, wrt: threshold)
    public func acceptedFraction(_ transverseMomenta: [Double], weights: [Double], threshold: Double) -> Double {
        let total = withoutDerivative(at: weights.reduce(0, +))
        let accepted = acceptance(transverseMomenta, threshold: threshold)
        var sum = 0.0
        for k in withoutDerivative(at: accepted.indices) { sum += weights[k] * accepted[k] }
        return sum / total
    }

    /// c(ψ) with f_QCD from the QCD events' p_T,τ proxies and weights.
    @differentiable(reverse, wrt: psi)
    public func cost(_ psi: [Double], rateTransverseMomenta: [Double], rateWeights: [Double]) -> Double {
        resolutionCost * (1 / psi[0] - 1 / resolutionBounds.upperBound)
            + rateCost * acceptedFraction(rateTransverseMomenta, weights: rateWeights, threshold: psi[1])
    }
}
