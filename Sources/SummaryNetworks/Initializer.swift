import GSL

/// How a dense layer's weights are drawn. Biases always start at zero.
///
/// Weights are drawn from one seeded ``GSL/RandomStream`` (GSL's MT19937), layer after layer, each
/// weight matrix in row-major order (inputs × outputs: for input i, all outputs j):
/// - `heNormal` (He et al. 2015): W_ij ~ N(0, σ²) with σ = √(2 / fan_in), fan_in = inputs; drawn as
///   `stream.gaussian(mean: 0, sigma: σ)` (GSL's ziggurat), not truncated.
/// - `xavierUniform`, also called Glorot uniform (Glorot & Bengio 2010): W_ij ~ U(−a, a) with
///   a = √(6 / (fan_in + fan_out)), fan_out = outputs; drawn as `a · (2u − 1)` with u = `stream.uniform()`
///   in [0, 1). Its variance is a²/3 = 2 / (fan_in + fan_out).
public enum Initializer: String, Codable, Sendable, CaseIterable {
    case heNormal
    case xavierUniform

    /// Another name for ``xavierUniform``.
    public static let glorotUniform = Initializer.xavierUniform

    /// A row-major inputs × outputs weight matrix drawn from `stream`.
    public func weights(inputs: Int, outputs: Int, stream: RandomStream) -> [Double] {
        precondition(inputs > 0 && outputs > 0, "a dense layer needs at least one input and one output")
        let count = inputs * outputs
        var weights = [Double]()
        weights.reserveCapacity(count)
        switch self {
        case .heNormal:
            let sigma = (2 / Double(inputs)).squareRoot()
            for _ in 0..<count { weights.append(stream.gaussian(mean: 0, sigma: sigma)) }
        case .xavierUniform:
            let limit = (6 / Double(inputs + outputs)).squareRoot()
            for _ in 0..<count { weights.append(limit * (2 * stream.uniform() - 1)) }
        }
        return weights
    }
}
