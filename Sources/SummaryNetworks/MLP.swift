import _Differentiation
import GSL

/// A multilayer perceptron: an ordered list of dense layers, each with its activation.
///
/// Its tangent vector is flat: all parameters in layer order, each layer's weight matrix
/// (row-major inputs × outputs) followed by its bias — the same order as ``parameters``.
/// The whole network has one hand-written pullback (three BLAS products per layer).
public struct MLP: Differentiable {
    /// The layers, input side first. Consecutive layers chain (`layers[i].outputs == layers[i+1].inputs`).
    public private(set) var layers: [Dense]

    /// A gradient or update of an ``MLP``: all parameters flat, in the order of ``MLP/parameters``.
    /// The zero tangent may be the empty array; arithmetic treats it as all zeros.
    public struct TangentVector: Differentiable, AdditiveArithmetic, Sendable {
        public typealias TangentVector = MLP.TangentVector
        public var parameters: [Double]

        public init(parameters: [Double]) { self.parameters = parameters }

        public static var zero: TangentVector { TangentVector(parameters: []) }

        public static func + (lhs: TangentVector, rhs: TangentVector) -> TangentVector {
            if lhs.parameters.isEmpty { return rhs }
            if rhs.parameters.isEmpty { return lhs }
            precondition(lhs.parameters.count == rhs.parameters.count, "adding MLP tangents of different sizes")
            var sum = lhs.parameters
            for i in sum.indices { sum[i] += rhs.parameters[i] }
            return TangentVector(parameters: sum)
        }

        public static func - (lhs: TangentVector, rhs: TangentVector) -> TangentVector {
            lhs + (-1) * rhs
        }

        /// The tangent scaled by `scale`.
        public static func * (scale: Double, tangent: TangentVector) -> TangentVector {
            TangentVector(parameters: tangent.parameters.map { scale * $0 })
        }

        public static func == (lhs: TangentVector, rhs: TangentVector) -> Bool {
            if lhs.parameters.isEmpty { return rhs.parameters.allSatisfy { $0 == 0 } }
            if rhs.parameters.isEmpty { return lhs.parameters.allSatisfy { $0 == 0 } }
            return lhs.parameters == rhs.parameters
        }

        public mutating func move(by offset: TangentVector) { self = self + offset }

        /// The flat parameters with the zero tangent expanded to `count` zeros.
        public func flat(count: Int) -> [Double] {
            if parameters.isEmpty { return [Double](repeating: 0, count: count) }
            precondition(parameters.count == count, "MLP tangent has \(parameters.count) values, expected \(count)")
            return parameters
        }
    }

    public mutating func move(by offset: TangentVector) {
        guard !offset.parameters.isEmpty else { return }
        precondition(offset.parameters.count == parameterCount,
                     "MLP tangent has \(offset.parameters.count) values, expected \(parameterCount)")
        var position = 0
        for l in layers.indices {
            for i in layers[l].weight.indices { layers[l].weight[i] += offset.parameters[position + i] }
            position += layers[l].weight.count
            for i in layers[l].bias.indices { layers[l].bias[i] += offset.parameters[position + i] }
            position += layers[l].bias.count
        }
    }

    // MARK: Construction

    /// A network from its layers (shapes checked by precondition).
    public init(layers: [Dense]) {
        precondition(!layers.isEmpty, "an MLP needs at least one layer")
        for l in layers.indices.dropFirst() {
            precondition(layers[l].inputs == layers[l - 1].outputs,
                         "MLP layer \(l) takes \(layers[l].inputs) inputs, but layer \(l - 1) gives \(layers[l - 1].outputs) outputs")
        }
        self.layers = layers
    }

    /// A freshly initialised network, e.g. `MLP(layerSizes: [2, 100, 100, 1], hidden: .relu,
    /// output: .sigmoid, initializer: .heNormal, seed: 777)`: `hidden` after every layer but the
    /// last, `output` after the last. Weights are drawn from `RandomStream(seed: seed)` as
    /// documented in ``Initializer``; biases are zero. The same seed gives the same network bit for bit.
    public init(layerSizes: [Int], hidden: Activation, output: Activation, initializer: Initializer = .heNormal, seed: UInt) {
        self.init(layerSizes: layerSizes, hidden: hidden, output: output, initializer: initializer,
                  stream: RandomStream(seed: seed))
    }

    /// As ``init(layerSizes:hidden:output:initializer:seed:)``, drawing from an existing stream.
    public init(layerSizes: [Int], hidden: Activation, output: Activation, initializer: Initializer = .heNormal,
                stream: RandomStream) {
        precondition(layerSizes.count >= 2, "an MLP needs at least an input and an output size, got \(layerSizes)")
        precondition(layerSizes.allSatisfy { $0 > 0 }, "MLP layer sizes must be positive, got \(layerSizes)")
        var layers: [Dense] = []
        for l in 0..<(layerSizes.count - 1) {
            let activation = l == layerSizes.count - 2 ? output : hidden
            layers.append(Dense(inputs: layerSizes[l], outputs: layerSizes[l + 1], activation: activation,
                                initializer: initializer, stream: stream))
        }
        self.init(layers: layers)
    }

    // MARK: Shapes and flat parameters

    /// Input width, then every layer's output width.
    public var layerSizes: [Int] { [layers[0].inputs] + layers.map(\.outputs) }
    /// Features per event.
    public var inputWidth: Int { layers[0].inputs }
    /// Outputs per event.
    public var outputWidth: Int { layers[layers.count - 1].outputs }
    /// The number of weights and biases.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Where layer `l`'s weights sit in ``parameters``.
    public func weightRange(layer l: Int) -> Range<Int> {
        let start = layers[..<l].reduce(0) { $0 + $1.parameterCount }
        return start..<(start + layers[l].weight.count)
    }

    /// Where layer `l`'s biases sit in ``parameters``.
    public func biasRange(layer l: Int) -> Range<Int> {
        let start = weightRange(layer: l).upperBound
        return start..<(start + layers[l].bias.count)
    }

    /// All parameters flat: for each layer its weights (row-major inputs × outputs), then its biases.
    public var parameters: [Double] {
        get {
            var flat: [Double] = []
            flat.reserveCapacity(parameterCount)
            for layer in layers {
                flat += layer.weight
                flat += layer.bias
            }
            return flat
        }
        set {
            precondition(newValue.count == parameterCount,
                         "MLP parameters: got \(newValue.count) values, expected \(parameterCount)")
            var position = 0
            for l in layers.indices {
                let w = layers[l].weight.count, b = layers[l].bias.count
                layers[l].weight = Array(newValue[position..<(position + w)])
                position += w
                layers[l].bias = Array(newValue[position..<(position + b)])
                position += b
            }
        }
    }

    /// The flat tangent made of per-layer weight and bias gradients.
    static func flatTangent(weights: [[Double]], biases: [[Double]], count: Int) -> TangentVector {
        var flat: [Double] = []
        flat.reserveCapacity(count)
        for l in weights.indices {
            flat += weights[l]
            flat += biases[l]
        }
        return TangentVector(parameters: flat)
    }

    // MARK: Evaluation

    /// The network applied to a row-major batch (N × inputWidth); returns N × outputWidth values.
    @differentiable(reverse)
    public func callAsFunction(_ batch: [Double]) -> [Double] {
        precondition(batch.count % inputWidth == 0, "MLP: \(batch.count) values are not rows of \(inputWidth) features")
        return Kernels.forward(layers, input: batch, rows: batch.count / inputWidth, blocks: 1).last!
    }

    @derivative(of: callAsFunction)
    public func _vjpCallAsFunction(_ batch: [Double]) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (TangentVector, Array<Double>.TangentVector)
    ) {
        let (value, pullback) = _pullback(batch, needInput: true)
        return (value, { v in
            let (network, input) = pullback(v)
            return (network, .init(input))
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
        precondition(batch.count % inputWidth == 0, "MLP: \(batch.count) values are not rows of \(inputWidth) features")
        let n = batch.count / inputWidth
        let outputs = Kernels.forward(layers, input: batch, rows: n, blocks: 1)
        let layers = self.layers
        let count = parameterCount
        let outputCount = n * outputWidth
        return (outputs.last!, { v in
            let cotangent = v.base.isEmpty ? [Double](repeating: 0, count: outputCount) : v.base
            precondition(cotangent.count == outputCount,
                         "MLP pullback: cotangent has \(cotangent.count) values, expected \(outputCount)")
            let gradients = Kernels.backward(layers, input: batch, outputs: outputs, rows: n, blocks: 1,
                                             cotangent: cotangent, needInput: needInput)
            return (MLP.flatTangent(weights: gradients.weights, biases: gradients.biases, count: count), gradients.input)
        })
    }
}
