import ChunkedWork
import GSL

extension Kernels {
    // MARK: Networks

    /// The stacked outputs of every layer (after activation) for a stacked input of `blocks`
    /// blocks of `n` rows. Chunk by chunk of rows (``RowChunks``), through every layer:
    /// Z = S W by BLAS, or by a loop for an inner dimension up to ``smallInnerDimension``, then
    /// bias and activation in place.
    static func forward(_ layers: [Dense], input: [Double], rows n: Int, blocks: Int) -> [[Double]] {
        precondition(input.count == n * blocks * layers[0].inputs, "network input: array size does not match its shape")
        return withPointers(to: [input] + layers.map(\.weight) + layers.map(\.bias)) { constants in
            let (weights, biases) = (constants[1...layers.count], constants[(layers.count + 1)...])
            return withUninitializedArrays(layers.map { n * blocks * $0.outputs }) { outputs in
                RowChunks.forEach(rows: n) { _, rows in
                    var source = StackedRows(base: constants[0], rows: n, blocks: blocks, width: layers[0].inputs)
                    for (l, layer) in layers.enumerated() {
                        let z = StackedRows(base: outputs[l], rows: n, blocks: blocks, width: layer.outputs)
                        multiply(source, weights[1 + l], into: z, rows: rows)
                        activate(z, bias: biases[1 + layers.count + l], rows: rows, activation: layer.activation)
                        source = z
                    }
                }
            }
        }
    }

    /// Reverse pass through the layers: gradients of every weight matrix and bias, and (when
    /// `needInput`) the cotangent of the stacked input. Chunk by chunk of rows, per layer
    /// W̄ = Sᵀ Z̄ (into the chunk's partial sums) and S̄ = Z̄ Wᵀ by BLAS (the forward's Z = S W
    /// being the third product), except that S̄ = Z̄ Wᵀ for a layer with a single output is an
    /// outer product written by a loop. Only the layers' outputs are cached: every activation
    /// derivative is a function of the activation's output.
    static func backward(
        _ layers: [Dense], input: [Double], outputs: [[Double]], rows n: Int, blocks: Int,
        cotangent: [Double], needInput: Bool
    ) -> (weights: [[Double]], biases: [[Double]], input: [Double]) {
        let last = layers.count - 1
        precondition(cotangent.count == n * blocks * layers[last].outputs, "network cotangent: array size does not match its shape")
        // Per chunk, each layer's weight gradient then its bias gradient.
        let parameterOffsets = layers.reduce(into: [0]) { $0.append($0.last! + $1.inputs * $1.outputs + $1.outputs) }
        let partial = PartialSums(rows: RowChunks.count(rows: n), columns: parameterOffsets.last!)
        // Cotangents at each layer's output, and at the input when asked for.
        var cotangentSizes = layers.map { n * blocks * $0.outputs }
        if needInput { cotangentSizes.append(n * blocks * layers[0].inputs) }
        let cotangents = withPointers(to: [input, cotangent] + outputs + layers.map(\.weight)) { constants in
            let inputRows = StackedRows(base: constants[0], rows: n, blocks: blocks, width: layers[0].inputs)
            let outputRows = layers.indices.map { StackedRows(base: constants[2 + $0], rows: n, blocks: blocks, width: layers[$0].outputs) }
            let weights = constants[(2 + layers.count)...]
            return withUninitializedArrays(cotangentSizes) { g in
                let gRows = cotangentSizes.indices.map { i in
                    StackedRows(base: g[i], rows: n, blocks: blocks, width: i < layers.count ? layers[i].outputs : layers[0].inputs)
                }
                RowChunks.forEach(rows: n) { chunk, rows in
                    let given = StackedRows(base: constants[1], rows: n, blocks: blocks, width: layers[last].outputs)
                    for k in 0..<blocks {
                        gRows[last].row(rows.lowerBound, block: k).update(from: given.row(rows.lowerBound, block: k), count: rows.count * given.width)
                    }
                    let sums = partial.row(chunk)
                    for l in stride(from: last, through: 0, by: -1) {
                        let layer = layers[l]
                        let weightSums = sums + parameterOffsets[l]
                        activationBackward(gRows[l], outputs: outputRows[l], rows: rows, activation: layer.activation,
                                           biasGradient: weightSums + layer.inputs * layer.outputs)
                        let previous = l > 0 ? outputRows[l - 1] : inputRows
                        for k in 0..<blocks {
                            BLAS.multiply(m: layer.inputs, n: layer.outputs, k: rows.count,
                                          previous.row(rows.lowerBound, block: k), rowLength: layer.inputs, transposingA: true,
                                          gRows[l].row(rows.lowerBound, block: k), rowLength: layer.outputs,
                                          into: weightSums, rowLength: layer.outputs, adding: true)
                        }
                        if l > 0 || needInput {
                            multiplyTransposed(gRows[l], weights[2 + layers.count + l], into: gRows[l > 0 ? l - 1 : layers.count], rows: rows)
                        }
                    }
                }
            }
        }
        let weightGradients = layers.indices.map { l in
            partial.columnSums(parameterOffsets[l] ..< parameterOffsets[l] + layers[l].inputs * layers[l].outputs)
        }
        let biasGradients = layers.indices.map { l in
            partial.columnSums(parameterOffsets[l] + layers[l].inputs * layers[l].outputs ..< parameterOffsets[l + 1])
        }
        return (weightGradients, biasGradients, needInput ? cotangents[layers.count] : [])
    }

    // MARK: Products

    /// Z = S W for `rows` of every block: S has W's input width, Z its output width.
    private static func multiply(_ s: StackedRows, _ w: UnsafePointer<Double>, into z: StackedRows, rows: Range<Int>) {
        for k in 0..<s.blocks {
            let source = s.row(rows.lowerBound, block: k), target = z.row(rows.lowerBound, block: k)
            if s.width <= smallInnerDimension {
                smallProduct(source, rows: rows.count, inner: s.width, w, columns: z.width, into: target)
            } else {
                BLAS.multiply(m: rows.count, n: z.width, k: s.width, source, rowLength: s.width, w, rowLength: z.width,
                              into: target, rowLength: z.width, adding: false)
            }
        }
    }

    /// S̄ = Z̄ Wᵀ for `rows` of every block: Z̄ has W's output width, S̄ its input width.
    private static func multiplyTransposed(_ g: StackedRows, _ w: UnsafePointer<Double>, into target: StackedRows, rows: Range<Int>) {
        for k in 0..<g.blocks {
            let source = g.row(rows.lowerBound, block: k), out = target.row(rows.lowerBound, block: k)
            if g.width == 1 {
                outerProduct(source, rows.count, w, target.width, into: out)
            } else {
                BLAS.multiply(m: rows.count, n: target.width, k: g.width, source, rowLength: g.width,
                              w, rowLength: g.width, transposingB: true, into: out, rowLength: target.width, adding: false)
            }
        }
    }

    /// u vᵀ into `out` (u.count × v.count, row-major): Z̄ Wᵀ for a layer with a single output,
    /// where the product has inner dimension 1 and a plain loop beats a BLAS call.
    static func outerProduct(_ u: UnsafePointer<Double>, _ uCount: Int, _ v: UnsafePointer<Double>, _ vCount: Int,
                             into out: UnsafeMutablePointer<Double>) {
        for r in 0..<uCount {
            let row = out + r * vCount
            let scale = u[r]
            for j in 0..<vCount { row[j] = scale * v[j] }
        }
    }

    /// Up to this inner dimension (a network's input layer with a few features), X W is a plain
    /// loop: the product is memory-bound, and the loop writes its result once instead of having
    /// it scaled by β = 0 and then written by dgemm.
    static let smallInnerDimension = 4

    /// x W into `out` for row-major x (rows × inner) and W (inner × columns), inner ≤ ``smallInnerDimension``.
    static func smallProduct(_ x: UnsafePointer<Double>, rows: Int, inner: Int, _ w: UnsafePointer<Double>, columns: Int,
                             into out: UnsafeMutablePointer<Double>) {
        for r in 0..<rows {
            let row = out + r * columns
            let xr = x + r * inner
            let x0 = xr[0]
            for j in 0..<columns { row[j] = x0 * w[j] }
            for i in 1..<inner {
                let xi = xr[i], wi = w + i * columns
                for j in 0..<columns { row[j] += xi * wi[j] }
            }
        }
    }
}
