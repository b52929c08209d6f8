import _Differentiation
import Foundation

/// INFERNO's soft summary with its derivatives along nuisance directions: for logits z_k (N × B)
/// with tangents ż_k^(d) (the network's directional derivatives),
///
///     p_k = softmax(z_k / τ),     f_i = (1/N) Σ_k p_ki,
///     ∂f_i/∂θ_d = (1/N) Σ_k p_ki (ż_ki^(d) − Σ_j p_kj ż_kj^(d)) / τ,
///
/// the bin fractions of the batch and their exact derivatives (arXiv:1806.04743, soft summary with
/// τ = 0.1). Differentiable in the logits and the tangents, with a hand-written pullback.
public struct SoftSummary: Differentiable {
    /// f, the mean soft bin occupancy (B).
    public var fractions: [Double]
    /// ∂f/∂θ_d for each direction d (each B).
    public var derivatives: [[Double]]
}

@differentiable(reverse, wrt: (logits, tangents))
public func softSummary(logits: [Double], tangents: [[Double]], bins: Int, temperature: Double) -> SoftSummary {
    SoftSummaryKernel(logits: logits, tangents: tangents, bins: bins, temperature: temperature).value
}

@derivative(of: softSummary, wrt: (logits, tangents))
public func vjpSoftSummary(logits: [Double], tangents: [[Double]], bins: Int, temperature: Double)
    -> (value: SoftSummary, pullback: (SoftSummary.TangentVector) -> (Array<Double>.TangentVector, Array<[Double]>.TangentVector))
{
    let kernel = SoftSummaryKernel(logits: logits, tangents: tangents, bins: bins, temperature: temperature)
    return (kernel.value, kernel.pullback)
}

private struct SoftSummaryKernel {
    let tangents: [[Double]]
    let bins: Int
    let temperature: Double
    let rows: Int
    /// p, N × B.
    let probabilities: [Double]
    /// Σ_j p_kj ż_kj per direction, N each.
    let tangentMeans: [[Double]]
    let value: SoftSummary

    init(logits: [Double], tangents: [[Double]], bins: Int, temperature: Double) {
        precondition(bins > 0 && logits.count % bins == 0 && temperature > 0, "logits must be N × bins with τ > 0")
        precondition(tangents.allSatisfy { $0.count == logits.count }, "each tangent must be N × bins like the logits")
        let n = logits.count / bins
        precondition(n > 0, "empty batch")
        self.tangents = tangents
        self.bins = bins
        self.temperature = temperature
        self.rows = n
        var p = [Double](repeating: 0, count: logits.count)
        for k in 0..<n {
            let row = (k * bins)..<((k + 1) * bins)
            let maximum = logits[row].max()!
            var total = 0.0
            for i in row {
                p[i] = exp((logits[i] - maximum) / temperature)
                total += p[i]
            }
            for i in row { p[i] /= total }
        }
        probabilities = p
        var fractions = [Double](repeating: 0, count: bins)
        for k in 0..<n {
            for i in 0..<bins { fractions[i] += p[k * bins + i] }
        }
        var means: [[Double]] = []
        var derivatives: [[Double]] = []
        for tangent in tangents {
            var mean = [Double](repeating: 0, count: n)
            var derivative = [Double](repeating: 0, count: bins)
            for k in 0..<n {
                var m = 0.0
                for j in 0..<bins { m += p[k * bins + j] * tangent[k * bins + j] }
                mean[k] = m
                for i in 0..<bins { derivative[i] += p[k * bins + i] * (tangent[k * bins + i] - m) }
            }
            means.append(mean)
            derivatives.append(derivative.map { $0 / (temperature * Double(n)) })
        }
        tangentMeans = means
        value = SoftSummary(fractions: fractions.map { $0 / Double(n) }, derivatives: derivatives)
    }

    /// With f̄, ḟ^(d) the cotangents, per event k (dropping k): g_d = Σ_i ḟ_i^(d) p_i,
    ///     ż̄_j^(d) = p_j (ḟ_j^(d) − g_d)/(τN),
    ///     p̄_m = f̄_m/N + Σ_d [ḟ_m^(d) (ż_m^(d) − m_d) − g_d ż_m^(d)]/(τN),
    ///     z̄_j = p_j (p̄_j − Σ_m p̄_m p_m)/τ.
    func pullback(_ cotangent: SoftSummary.TangentVector) -> (Array<Double>.TangentVector, Array<[Double]>.TangentVector) {
        let n = rows, b = bins, tau = temperature, scale = 1 / Double(n)
        let fractionBar = cotangent.fractions.base
        let derivativeBars = cotangent.derivatives.base.map(\.base)
        var logitsBar = [Double](repeating: 0, count: n * b)
        var tangentBars = [[Double]](repeating: [Double](repeating: 0, count: n * b), count: tangents.count)
        var pBar = [Double](repeating: 0, count: b)
        for k in 0..<n {
            let row = k * b
            for m in 0..<b { pBar[m] = fractionBar.isEmpty ? 0 : fractionBar[m] * scale }
            for d in tangents.indices where d < derivativeBars.count && !derivativeBars[d].isEmpty {
                let fdot = derivativeBars[d], tangent = tangents[d], md = tangentMeans[d][k]
                var g = 0.0
                for i in 0..<b { g += fdot[i] * probabilities[row + i] }
                for j in 0..<b {
                    let pj = probabilities[row + j]
                    tangentBars[d][row + j] = pj * (fdot[j] - g) * scale / tau
                    pBar[j] += (fdot[j] * (tangent[row + j] - md) - g * tangent[row + j]) * scale / tau
                }
            }
            var weighted = 0.0
            for m in 0..<b { weighted += pBar[m] * probabilities[row + m] }
            for j in 0..<b { logitsBar[row + j] = probabilities[row + j] * (pBar[j] - weighted) / tau }
        }
        return (.init(logitsBar), .init(tangentBars.map { Array<Double>.TangentVector($0) }))
    }
}
