import _Differentiation
import GSL

/// A dense layer y = act(x W + b) on a row-major batch x (N × inputs), with W row-major
/// (inputs × outputs) and b of length outputs.
public struct Dense: Differentiable {
    /// Row-major inputs × outputs.
    public var weight: [Double]
    /// One per output.
    public var bias: [Double]
    @noDerivative public let inputs: Int
    @noDerivative public let outputs: Int
    @noDerivative public var activation: Activation

    /// A layer with given parameters (sizes checked by precondition; use ``MLP/load(from:)`` or
    /// ``MLP/init(jsonData:source:)`` for checked input).
    public init(weight: [Double], bias: [Double], inputs: Int, outputs: Int, activation: Activation) {
        precondition(inputs > 0 && outputs > 0, "a dense layer needs at least one input and one output")
        precondition(weight.count == inputs * outputs,
                     "dense layer: weight has \(weight.count) values, expected \(inputs) × \(outputs) = \(inputs * outputs)")
        precondition(bias.count == outputs, "dense layer: bias has \(bias.count) values, expected \(outputs)")
        if case .softmax(let temperature) = activation {
            precondition(temperature > 0, "softmax temperature must be positive, got \(temperature)")
        }
        self.weight = weight
        self.bias = bias
        self.inputs = inputs
        self.outputs = outputs
        self.activation = activation
    }

    /// A freshly initialised layer: weights drawn from `stream` by `initializer`, biases zero.
    public init(inputs: Int, outputs: Int, activation: Activation, initializer: Initializer, stream: RandomStream) {
        self.init(weight: initializer.weights(inputs: inputs, outputs: outputs, stream: stream),
                  bias: [Double](repeating: 0, count: outputs), inputs: inputs, outputs: outputs, activation: activation)
    }

    /// The number of weights and biases.
    public var parameterCount: Int { weight.count + bias.count }

    /// act(x W + b) for a row-major batch of N × inputs values; returns N × outputs values.
    @differentiable(reverse)
    public func callAsFunction(_ batch: [Double]) -> [Double] {
        precondition(batch.count % inputs == 0, "dense layer: \(batch.count) values are not rows of \(inputs) inputs")
        return Kernels.forward([self], input: batch, rows: batch.count / inputs, blocks: 1)[0]
    }

    @derivative(of: callAsFunction)
    public func _vjpCallAsFunction(_ batch: [Double]) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (TangentVector, Array<Double>.TangentVector)
    ) {
        let (value, pullback) = _pullback(batch, needInput: true)
        return (value, { v in
            let (layer, input) = pullback(v)
            return (layer, .init(input))
        })
    }

    @derivative(of: callAsFunction, wrt: self)
    public func _vjpCallAsFunctionWrtSelf(_ batch: [Double]) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> TangentVector
    ) {
        let (value, pullback) = _pullback(batch, needInput: false)
        return (value, { v in pullback(v).0 })
    }

    private func _pullback(_ batch: [Double], needInput: Bool) -> ([Double], (Array<Double>.TangentVector) -> (TangentVector, [Double])) {
        precondition(batch.count % inputs == 0, "dense layer: \(batch.count) values are not rows of \(inputs) inputs")
        let n = batch.count / inputs
        let outputsCache = Kernels.forward([self], input: batch, rows: n, blocks: 1)
        let layer = self
        return (outputsCache[0], { v in
            let cotangent = v.base.isEmpty ? [Double](repeating: 0, count: n * layer.outputs) : v.base
            precondition(cotangent.count == n * layer.outputs,
                         "dense layer pullback: cotangent has \(cotangent.count) values, expected \(n * layer.outputs)")
            let gradients = Kernels.backward([layer], input: batch, outputs: outputsCache, rows: n, blocks: 1,
                                             cotangent: cotangent, needInput: needInput)
            return (TangentVector(weight: .init(gradients.weights[0]), bias: .init(gradients.biases[0])), gradients.input)
        })
    }
}
