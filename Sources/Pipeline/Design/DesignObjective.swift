import _Differentiation
import Objectives
import SoftHistograms
import SummaryNetworks

/// The objective of a joint optimisation of detector and analysis on the INFERNO problem:
///
///     L(φ, ψ) = Δμ(φ, ψ) + λ · c(ψ)
///
/// with φ the summary network's weights, ψ the detector parameters and c the detector's cost.
/// Δμ = σ_s / s is the expected uncertainty on the signal strength μ = s/50 from the Asimov
/// Fisher information of the soft summary, with the benchmark's nuisances profiled
/// (``InfernoBenchmark/signalVariance(signal:background:backgroundShift:backgroundRate:)``):
///
///     f_c,i = (1/N_c) Σ_k a_k softmax_i(z(x′_k)/τ)          (c = signal, background)
///     ν_i = s f_s,i + b f_b,i,   s = 50, b = 1000
///
/// where x′_k, a_k are the measured features and acceptance of event k and z the network's logits.
/// Because the acceptance weights are not renormalised, the expected yields ν scale with the
/// acceptance, differently for signal and background. The background's derivatives along the
/// nuisances are the symmetric differences of the templates at r = ±0.2 and λ = 3 ± 0.5, each
/// measured by the same detector with the same per-event noise (the paper's evaluation protocol,
/// so training and evaluation use one definition; a shifted event can cross the threshold).
public struct DesignObjective<Detector: DetectorModel>: Sendable {
    public var detector: Detector
    public var benchmark: InfernoBenchmark
    public var bins: Int
    public var temperature: Double
    /// λ, the price of one unit of cost in units of Δμ.
    public var lambda: Double

    public init(detector: Detector, benchmark: InfernoBenchmark, bins: Int, temperature: Double, lambda: Double) {
        self.detector = detector
        self.benchmark = benchmark
        self.bins = bins
        self.temperature = temperature
        self.lambda = lambda
    }

    /// L = Δμ + λ c(ψ).
    @differentiable(reverse, wrt: (network, psi))
    public func callAsFunction(_ network: MLP, _ psi: [Double], batch: DesignBatch) -> Double {
        deltaMu(network, psi, batch: batch) + lambda * detector.cost(psi)
    }

    /// Δμ = σ_s / s of the batch's Asimov likelihood.
    @differentiable(reverse, wrt: (network, psi))
    public func deltaMu(_ network: MLP, _ psi: [Double], batch: DesignBatch) -> Double {
        let signal = fractions(network, psi, events: batch.signal, noise: batch.signalNoise)
        let variants = withoutDerivative(at: batch.backgrounds)
        let noise = withoutDerivative(at: batch.backgroundNoise)
        let background = fractions(network, psi, events: variants[0], noise: noise)
        let shift = symmetricDifference(fractions(network, psi, events: variants[1], noise: noise),
                                        fractions(network, psi, events: variants[2], noise: noise), step: DesignBatch.shiftStep)
        let rate = symmetricDifference(fractions(network, psi, events: variants[3], noise: noise),
                                       fractions(network, psi, events: variants[4], noise: noise), step: DesignBatch.rateStep)
        let variance = benchmark.signalVariance(signal: signal, background: background, backgroundShift: shift, backgroundRate: rate)
        return variance.squareRoot() / InfernoProblem.signalYield
    }

    /// f_i = (1/N) Σ_k a_k softmax_i(z(x′_k)/τ) for true events measured by the detector.
    @differentiable(reverse, wrt: (network, psi))
    func fractions(_ network: MLP, _ psi: [Double], events: [Double], noise: [Double]) -> [Double] {
        let measured = detector.measure(events, noise: noise, parameters: psi)
        let perEvent = withoutDerivative(at: 1 / Double(measured.weights.count))
        return SoftmaxHistogram.counts(logits: network(measured.features), weights: scaled(measured.weights, by: perEvent),
                                       bins: bins, temperature: temperature)
    }
}

/// c·x, differentiable in x.
@differentiable(reverse, wrt: x)
func scaled(_ x: [Double], by c: Double) -> [Double] {
    x.map { $0 * c }
}

@derivative(of: scaled, wrt: x)
func _vjpScaled(_ x: [Double], by c: Double) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector) {
    (scaled(x, by: c), { v in .init(v.base.map { $0 * c }) })
}

/// (up − down) / (2 step), the slope of the quadratic through three templates at the middle one.
@differentiable(reverse, wrt: (up, down))
func symmetricDifference(_ up: [Double], _ down: [Double], step: Double) -> [Double] {
    zip(up, down).map { ($0 - $1) / (2 * step) }
}

@derivative(of: symmetricDifference, wrt: (up, down))
func _vjpSymmetricDifference(_ up: [Double], _ down: [Double], step: Double) -> (
    value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector)
) {
    (symmetricDifference(up, down, step: step), { v in
        let g = v.base.map { $0 / (2 * step) }
        return (.init(g), .init(g.map { -$0 }))
    })
}
