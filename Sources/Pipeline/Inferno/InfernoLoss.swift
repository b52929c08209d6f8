import _Differentiation
import Objectives
import SummaryNetworks

/// The per-batch objectives of the INFERNO benchmark trainings.
enum InfernoLoss {
    /// INFERNO's loss U = Var(ŝ) = [I⁻¹]_ss of the batch's Asimov likelihood (arXiv:1806.04743,
    /// Algorithm 1), with the background's bin fractions differentiated exactly along the nuisance
    /// directions r and λ through the network.
    @differentiable(reverse, wrt: network)
    static func signalVariance(
        _ network: MLP, signal: [Double], background: [Double], directions: [[Double]],
        benchmark: InfernoBenchmark, bins: Int, temperature: Double
    ) -> Double {
        let signalSummary = softSummary(logits: network(signal), tangents: [], bins: bins, temperature: temperature)
        let outputs = network.withDirectionalDerivatives(background, directions: directions)
        let backgroundSummary = softSummary(logits: outputs.values, tangents: outputs.derivatives, bins: bins, temperature: temperature)
        return benchmark.signalVariance(
            signal: signalSummary.fractions, background: backgroundSummary.fractions,
            backgroundShift: backgroundSummary.derivatives[0], backgroundRate: backgroundSummary.derivatives[1]
        )
    }

    /// Binary cross-entropy of the network's logit, signal labelled 1 and background 0.
    @differentiable(reverse, wrt: network)
    static func crossEntropy(_ network: MLP, signal: [Double], background: [Double]) -> Double {
        let labels = withoutDerivative(at: [Double](repeating: 1, count: signal.count / network.inputWidth)
            + [Double](repeating: 0, count: background.count / network.inputWidth))
        return binaryCrossEntropy(logits: network(signal + background), labels: labels)
    }
}
