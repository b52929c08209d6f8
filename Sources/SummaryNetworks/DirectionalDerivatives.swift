import _Differentiation

/// A network's outputs together with directional derivatives (JVPs) of those outputs.
public struct DirectionalOutput: Differentiable {
    /// N × outputs, row-major.
    public var values: [Double]
    /// One array per direction, each N × outputs: J_f(x) · ẋ_k row by row.
    public var derivatives: [[Double]]

    public init(values: [Double], derivatives: [[Double]]) {
        self.values = values
        self.derivatives = derivatives
    }
}

extension MLP {
    /// The outputs f(x) for a batch x (N × inputWidth) and, for each direction ẋ_k (also
    /// N × inputWidth), the directional derivative J_f(x)·ẋ_k row by row (N × outputWidth).
    ///
    /// Use this when a nuisance parameter θ shifts the inputs, x(θ): with ẋ = ∂x/∂θ,
    /// ∂f/∂θ = J_f(x)·ẋ, exactly. The tangent rows travel through the same matrix products as the
    /// batch (no bias; scaled by the primal activation's derivative), so K directions cost about
    /// as much as K more batches. Differentiable with respect to the network, the batch and the
    /// directions; the pullback uses the activations' second derivatives.
    @differentiable(reverse)
    public func withDirectionalDerivatives(_ batch: [Double], directions: [[Double]]) -> DirectionalOutput {
        let (n, stacked) = stackDirections(batch, directions)
        let outputs = Kernels.forward(layers, input: stacked, rows: n, blocks: directions.count + 1)
        return splitOutputs(outputs.last!, rows: n, blocks: directions.count + 1)
    }

    @derivative(of: withDirectionalDerivatives)
    public func _vjpWithDirectionalDerivatives(_ batch: [Double], directions: [[Double]]) -> (
        value: DirectionalOutput,
        pullback: (DirectionalOutput.TangentVector) -> (TangentVector, Array<Double>.TangentVector, Array<[Double]>.TangentVector)
    ) {
        let (value, pullback) = _directionalPullback(batch, directions, needInput: true)
        let inputWidth = self.inputWidth
        let n = batch.count / inputWidth
        return (value, { v in
            let (network, stacked) = pullback(v)
            let chunk = n * inputWidth
            let batchCotangent = Array(stacked[0..<chunk])
            let directionCotangents = (0..<directions.count).map { k in
                Array<Double>.TangentVector(Array(stacked[((k + 1) * chunk)..<((k + 2) * chunk)]))
            }
            return (network, .init(batchCotangent), .init(directionCotangents))
        })
    }

    @derivative(of: withDirectionalDerivatives, wrt: self)
    public func _vjpWithDirectionalDerivativesWrtSelf(_ batch: [Double], directions: [[Double]]) -> (
        value: DirectionalOutput, pullback: (DirectionalOutput.TangentVector) -> TangentVector
    ) {
        let (value, pullback) = _directionalPullback(batch, directions, needInput: false)
        return (value, { v in pullback(v).0 })
    }

    private func stackDirections(_ batch: [Double], _ directions: [[Double]]) -> (rows: Int, stacked: [Double]) {
        precondition(batch.count % inputWidth == 0, "MLP: \(batch.count) values are not rows of \(inputWidth) features")
        for (k, direction) in directions.enumerated() {
            precondition(direction.count == batch.count,
                         "MLP: direction \(k) has \(direction.count) values, expected \(batch.count) like the batch")
        }
        guard !directions.isEmpty else { return (batch.count / inputWidth, batch) }
        var stacked = batch
        stacked.reserveCapacity(batch.count * (directions.count + 1))
        for direction in directions { stacked += direction }
        return (batch.count / inputWidth, stacked)
    }

    private func splitOutputs(_ stacked: [Double], rows n: Int, blocks: Int) -> DirectionalOutput {
        let chunk = n * outputWidth
        if blocks == 1 { return DirectionalOutput(values: stacked, derivatives: []) }
        return DirectionalOutput(
            values: Array(stacked[0..<chunk]),
            derivatives: (1..<blocks).map { k in Array(stacked[(k * chunk)..<((k + 1) * chunk)]) })
    }

    private func _directionalPullback(_ batch: [Double], _ directions: [[Double]], needInput: Bool) -> (
        DirectionalOutput, (DirectionalOutput.TangentVector) -> (TangentVector, [Double])
    ) {
        let (n, stacked) = stackDirections(batch, directions)
        let blocks = directions.count + 1
        let outputs = Kernels.forward(layers, input: stacked, rows: n, blocks: blocks)
        let value = splitOutputs(outputs.last!, rows: n, blocks: blocks)
        let layers = self.layers
        let count = parameterCount
        let chunk = n * outputWidth
        return (value, { v in
            var cotangent = [Double](repeating: 0, count: chunk * blocks)
            if !v.values.base.isEmpty {
                precondition(v.values.base.count == chunk,
                             "directional pullback: values cotangent has \(v.values.base.count) values, expected \(chunk)")
                cotangent.replaceSubrange(0..<chunk, with: v.values.base)
            }
            if !v.derivatives.base.isEmpty {
                precondition(v.derivatives.base.count == directions.count,
                             "directional pullback: \(v.derivatives.base.count) derivative cotangents, expected \(directions.count)")
                for (k, d) in v.derivatives.base.enumerated() where !d.base.isEmpty {
                    precondition(d.base.count == chunk,
                                 "directional pullback: derivative \(k) cotangent has \(d.base.count) values, expected \(chunk)")
                    cotangent.replaceSubrange(((k + 1) * chunk)..<((k + 2) * chunk), with: d.base)
                }
            }
            let gradients = Kernels.backward(layers, input: stacked, outputs: outputs, rows: n, blocks: blocks,
                                             cotangent: cotangent, needInput: needInput)
            return (MLP.flatTangent(weights: gradients.weights, biases: gradients.biases, count: count), gradients.input)
        })
    }
}
