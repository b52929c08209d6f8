import _Differentiation
import Foundation

/// The activation applied after a dense layer's affine map.
///
/// Every activation is applied element by element except `softmax`, which acts on each row of a
/// row-major batch: `softmax(z / T)_j = exp(z_j / T) / Σ_i exp(z_i / T)` with temperature `T > 0`
/// (small `T` sharpens the output towards a one-hot assignment, large `T` flattens it).
public enum Activation: Equatable, Hashable, Sendable {
    /// max(z, 0); its derivative is taken as 0 at z = 0 (as in JAX).
    case relu
    /// 1 / (1 + e^(−z)).
    case sigmoid
    /// tanh(z).
    case tanh
    /// z.
    case identity
    /// Row-wise softmax(z / temperature).
    case softmax(temperature: Double)

    /// The name used in weight files: `relu`, `sigmoid`, `tanh`, `identity`, `softmax`.
    public var name: String {
        switch self {
        case .relu: "relu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .identity: "identity"
        case .softmax: "softmax"
        }
    }

    /// The names a weight file may use.
    public static let knownNames = ["relu", "sigmoid", "tanh", "identity", "softmax"]

    /// The activation called `name` (softmax with `temperature`, default 1), or nil for an unknown name.
    public init?(name: String, temperature: Double = 1) {
        switch name {
        case "relu": self = .relu
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "identity", "linear": self = .identity
        case "softmax": self = .softmax(temperature: temperature)
        default: return nil
        }
    }

    /// The activation applied to a row-major batch whose rows are `width` wide (the width only
    /// matters for softmax). Differentiable with respect to `x` by a hand-written pullback.
    @differentiable(reverse, wrt: x)
    public func callAsFunction(_ x: [Double], width: Int) -> [Double] {
        precondition(width > 0 && x.count % width == 0, "activation: \(x.count) values are not rows of width \(width)")
        var out = x
        out.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            let rows = out.count / width
            Kernels.activate(StackedRows(base: base, rows: rows, blocks: 1, width: width), bias: nil, rows: 0..<rows, activation: self)
        }
        return out
    }

    @derivative(of: callAsFunction, wrt: x)
    public func _vjpCallAsFunction(_ x: [Double], width: Int) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector
    ) {
        let y = callAsFunction(x, width: width)
        let activation = self
        return (y, { v in
            if v.base.isEmpty { return .init([Double](repeating: 0, count: y.count)) }
            precondition(v.base.count == y.count, "activation pullback: cotangent has \(v.base.count) values, expected \(y.count)")
            var g = v.base
            let rows = y.count / width
            withPointers(to: [y]) { y in
                g.withUnsafeMutableBufferPointer { g in
                    guard let base = g.baseAddress else { return }
                    Kernels.activationBackward(StackedRows(base: base, rows: rows, blocks: 1, width: width),
                                               outputs: StackedRows(base: y[0], rows: rows, blocks: 1, width: width),
                                               rows: 0..<rows, activation: activation, biasGradient: nil)
                }
            }
            return .init(g)
        })
    }
}

extension Activation: Codable {
    private enum CodingKeys: String, CodingKey { case name, temperature }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let name = try? single.decode(String.self) {
            guard let value = Activation(name: name) else {
                throw DecodingError.dataCorruptedError(
                    in: single, debugDescription: "unknown activation '\(name)', expected one of \(Activation.knownNames.joined(separator: ", "))")
            }
            self = value
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        let temperature = try container.decodeIfPresent(Double.self, forKey: .temperature) ?? 1
        guard let value = Activation(name: name, temperature: temperature) else {
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: container,
                debugDescription: "unknown activation '\(name)', expected one of \(Activation.knownNames.joined(separator: ", "))")
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        if case .softmax(let temperature) = self {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(temperature, forKey: .temperature)
        } else {
            var single = encoder.singleValueContainer()
            try single.encode(name)
        }
    }
}
