import Foundation
import GSL

/// Whole-array kernels behind the dense layers and their pullbacks.
///
/// A batch may be *stacked*: `blocks` blocks of `rows × width` values, one after the other. Block 0
/// holds the primal rows; blocks 1…K hold the tangent rows of K directional derivatives (JVPs).
/// Tangent rows go through the same matrix products as the primal rows, get no bias, and are
/// multiplied by the primal's activation derivative. With `blocks == 1` everything reduces to the
/// plain forward and backward pass.
///
/// The activation derivative is written as a function of the activation's output a:
/// ReLU g(a) = [a > 0], sigmoid g(a) = a(1 − a), tanh g(a) = 1 − a², identity g(a) = 1, and the
/// backward pass of the tangent rows uses g'(a) (sigmoid 1 − 2a, tanh −2a, ReLU and identity 0):
/// for ȧ = g(a) ż the cotangents are z̄ = g(a) ā + g'(a) Σ_k ȧ_k ǡ_k and ż̄_k = g(a) ǡ_k.
/// That is σ'' = σ'(1 − 2σ) and tanh'' = −2 tanh · tanh'. Softmax (row-wise, temperature T) has
/// ȧ = a ⊙ (ż − a·ż)/T and, with u = a ⊙ ā + Σ_k ȧ_k ⊙ (ǡ_k − a·ǡ_k),
/// z̄ = (u − a Σ_j u_j)/T and ż̄_k = a ⊙ (ǡ_k − a·ǡ_k)/T.
enum Kernels {
    // MARK: Activations

    /// Adds `bias` (if any) to the primal rows of `z`, applies the activation to them, and turns the
    /// tangent rows (pre-activation tangents ż) into activation tangents ȧ, all in place.
    static func activate(
        _ z: inout [Double], bias: [Double]?, rows n: Int, blocks: Int, width: Int, activation: Activation
    ) {
        let primalCount = n * width
        precondition(z.count == primalCount * blocks, "activation: array size does not match its shape")
        if let bias { precondition(bias.count == width, "activation: bias has \(bias.count) values, expected \(width)") }
        guard primalCount > 0 else { return }
        let zeros = bias == nil ? [Double](repeating: 0, count: width) : []
        (bias ?? zeros).withUnsafeBufferPointer { biasBuffer in
            z.withUnsafeMutableBufferPointer { zBuffer in
                let b = biasBuffer.baseAddress!
                let zp = zBuffer.baseAddress!
                switch activation {
                case .identity:
                    if bias != nil { mapRows(zp, b, n, width) { $0 } }
                case .relu:
                    for r in 0..<n { biasReluRow(zp + r * width, b, width) }
                    for k in 1..<max(blocks, 1) {
                        reluMaskRow(zp + k * primalCount, zp, primalCount, accumulatingInto: nil)
                    }
                case .sigmoid:
                    mapRows(zp, b, n, width) { 1 / (1 + Foundation.exp(-$0)) }
                    scaleTangents(zp, primalCount, blocks) { $0 * (1 - $0) }
                case .tanh:
                    mapRows(zp, b, n, width) { Foundation.tanh($0) }
                    scaleTangents(zp, primalCount, blocks) { 1 - $0 * $0 }
                case .softmax(let temperature):
                    precondition(temperature > 0, "softmax temperature must be positive, got \(temperature)")
                    let inverseT = 1 / temperature
                    for r in 0..<n {
                        let row = zp + r * width
                        var largest = -Double.infinity
                        for j in 0..<width {
                            let v = (row[j] + b[j]) * inverseT
                            row[j] = v
                            largest = Swift.max(largest, v)
                        }
                        var sum = 0.0
                        for j in 0..<width {
                            let e = Foundation.exp(row[j] - largest)
                            row[j] = e
                            sum += e
                        }
                        let inverseSum = 1 / sum
                        for j in 0..<width { row[j] *= inverseSum }
                        for k in 1..<max(blocks, 1) {
                            let t = zp + k * primalCount + r * width
                            var c = 0.0
                            for j in 0..<width { c += row[j] * t[j] }
                            for j in 0..<width { t[j] = row[j] * (t[j] - c) * inverseT }
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func mapRows(
        _ z: UnsafeMutablePointer<Double>, _ b: UnsafePointer<Double>, _ n: Int, _ width: Int,
        _ f: (Double) -> Double
    ) {
        for r in 0..<n {
            let row = z + r * width
            for j in 0..<width { row[j] = f(row[j] + b[j]) }
        }
    }

    @inline(__always)
    private static func scaleTangents(
        _ z: UnsafeMutablePointer<Double>, _ primalCount: Int, _ blocks: Int, _ g: (Double) -> Double
    ) {
        guard blocks > 1 else { return }
        for p in 0..<primalCount {
            let d = g(z[p])
            for k in 1..<blocks { z[k * primalCount + p] *= d }
        }
    }

    /// Turns the stacked output cotangents `g` (ā for the primal rows, ǡ_k for the tangent rows)
    /// into pre-activation cotangents (z̄, ż̄_k) in place, given the stacked outputs `outputs` (a, ȧ_k).
    /// Returns the bias gradient (column sums of z̄) when `wantBias`, else an empty array.
    @discardableResult
    static func activationBackward(
        _ g: inout [Double], outputs: [Double], rows n: Int, blocks: Int, width: Int,
        activation: Activation, wantBias: Bool
    ) -> [Double] {
        let primalCount = n * width
        precondition(g.count == primalCount * blocks && outputs.count == g.count,
                     "activation pullback: array sizes do not match their shapes")
        var biasGradient = [Double](repeating: 0, count: wantBias ? width : 0)
        guard primalCount > 0 else { return biasGradient }
        outputs.withUnsafeBufferPointer { aBuffer in
            g.withUnsafeMutableBufferPointer { gBuffer in
                let a = aBuffer.baseAddress!
                let gp = gBuffer.baseAddress!
                switch activation {
                case .identity:
                    break
                case .relu:
                    if blocks <= 1 && wantBias {
                        // The hot path of training: mask and bias gradient in one sweep.
                        biasGradient.withUnsafeMutableBufferPointer { bBuffer in
                            let bg = bBuffer.baseAddress!
                            for r in 0..<n { reluMaskRow(gp + r * width, a + r * width, width, accumulatingInto: bg) }
                        }
                        return
                    }
                    for k in 0..<max(blocks, 1) {
                        reluMaskRow(gp + k * primalCount, a, primalCount, accumulatingInto: nil)
                    }
                case .sigmoid:
                    elementwiseBackward(gp, a, primalCount, blocks, g: { $0 * (1 - $0) }, gPrime: { 1 - 2 * $0 })
                case .tanh:
                    elementwiseBackward(gp, a, primalCount, blocks, g: { 1 - $0 * $0 }, gPrime: { -2 * $0 })
                case .softmax(let temperature):
                    let inverseT = 1 / temperature
                    var dots = [Double](repeating: 0, count: max(blocks, 1))
                    for r in 0..<n {
                        let offset = r * width
                        let ar = a + offset
                        let gr = gp + offset
                        for k in 1..<max(blocks, 1) {
                            let gk = gp + k * primalCount + offset
                            var d = 0.0
                            for j in 0..<width { d += ar[j] * gk[j] }
                            dots[k] = d
                        }
                        var sum = 0.0
                        for j in 0..<width {
                            var u = ar[j] * gr[j]
                            for k in 1..<max(blocks, 1) {
                                u += a[k * primalCount + offset + j] * (gp[k * primalCount + offset + j] - dots[k])
                            }
                            gr[j] = u
                            sum += u
                        }
                        for j in 0..<width { gr[j] = (gr[j] - ar[j] * sum) * inverseT }
                        for k in 1..<max(blocks, 1) {
                            let gk = gp + k * primalCount + offset
                            for j in 0..<width { gk[j] = ar[j] * (gk[j] - dots[k]) * inverseT }
                        }
                    }
                }
                if wantBias {
                    biasGradient.withUnsafeMutableBufferPointer { bBuffer in
                        let bg = bBuffer.baseAddress!
                        for r in 0..<n { addRow(gp + r * width, into: bg, width) }
                    }
                }
            }
        }
        return biasGradient
    }

    /// z[j] ← max(z[j] + b[j], 0), branch-free; NaN stays NaN.
    @inline(__always)
    private static func biasReluRow(_ z: UnsafeMutablePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) {
        typealias V = SIMD4<Double>
        var j = 0
        while j + V.scalarCount <= count {
            var v = UnsafeRawPointer(z + j).loadUnaligned(as: V.self) + UnsafeRawPointer(b + j).loadUnaligned(as: V.self)
            v.replace(with: 0, where: v .< 0)
            UnsafeMutableRawPointer(z + j).storeBytes(of: v, as: V.self)
            j += V.scalarCount
        }
        while j < count {
            let v = z[j] + b[j]
            z[j] = v < 0 ? 0 : v
            j += 1
        }
    }

    /// g[j] ← a[j] > 0 ? g[j] : 0 for j < count, branch-free (ReLU masks are unpredictable),
    /// adding the masked values into `sum` when given.
    @inline(__always)
    private static func reluMaskRow(
        _ g: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ count: Int,
        accumulatingInto sum: UnsafeMutablePointer<Double>?
    ) {
        typealias V = SIMD4<Double>
        var j = 0
        while j + V.scalarCount <= count {
            let av = UnsafeRawPointer(a + j).loadUnaligned(as: V.self)
            var gv = UnsafeRawPointer(g + j).loadUnaligned(as: V.self)
            gv.replace(with: 0, where: .!(av .> 0))
            UnsafeMutableRawPointer(g + j).storeBytes(of: gv, as: V.self)
            if let sum {
                let sv = UnsafeRawPointer(sum + j).loadUnaligned(as: V.self) + gv
                UnsafeMutableRawPointer(sum + j).storeBytes(of: sv, as: V.self)
            }
            j += V.scalarCount
        }
        while j < count {
            let masked = a[j] > 0 ? g[j] : 0
            g[j] = masked
            if let sum { sum[j] += masked }
            j += 1
        }
    }

    /// sum[j] += row[j] for j < count.
    @inline(__always)
    private static func addRow(_ row: UnsafePointer<Double>, into sum: UnsafeMutablePointer<Double>, _ count: Int) {
        typealias V = SIMD4<Double>
        var j = 0
        while j + V.scalarCount <= count {
            let sv = UnsafeRawPointer(sum + j).loadUnaligned(as: V.self) + UnsafeRawPointer(row + j).loadUnaligned(as: V.self)
            UnsafeMutableRawPointer(sum + j).storeBytes(of: sv, as: V.self)
            j += V.scalarCount
        }
        while j < count {
            sum[j] += row[j]
            j += 1
        }
    }

    @inline(__always)
    private static func elementwiseBackward(
        _ gp: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ primalCount: Int, _ blocks: Int,
        g: (Double) -> Double, gPrime: (Double) -> Double
    ) {
        if blocks <= 1 {
            for p in 0..<primalCount { gp[p] *= g(a[p]) }
            return
        }
        for p in 0..<primalCount {
            let d = g(a[p])
            var second = 0.0
            for k in 1..<blocks { second += a[k * primalCount + p] * gp[k * primalCount + p] }
            gp[p] = d * gp[p] + gPrime(a[p]) * second
            for k in 1..<blocks { gp[k * primalCount + p] *= d }
        }
    }

    // MARK: Networks

    /// The stacked outputs of every layer (after activation) for a stacked input. Z = S W by BLAS,
    /// or by a loop for an inner dimension up to ``smallInnerDimension``; bias and activation are
    /// then applied in place.
    static func forward(_ layers: [Dense], input: [Double], rows n: Int, blocks: Int) -> [[Double]] {
        var outputs: [[Double]] = []
        outputs.reserveCapacity(layers.count)
        var current = input
        let stackedRows = n * blocks
        for layer in layers {
            var z = layer.inputs <= smallInnerDimension
                ? smallProduct(current, rows: stackedRows, inner: layer.inputs, layer.weight, columns: layer.outputs)
                : BLAS.product(current, rows: stackedRows, columns: layer.inputs,
                               times: layer.weight, rows: layer.inputs, columns: layer.outputs)
            activate(&z, bias: layer.bias, rows: n, blocks: blocks, width: layer.outputs, activation: layer.activation)
            outputs.append(z)
            current = z
        }
        return outputs
    }

    /// Reverse pass through the layers: gradients of every weight matrix and bias, and (when
    /// `needInput`) the cotangent of the stacked input. Per layer W̄ = Sᵀ Z̄ and S̄ = Z̄ Wᵀ by BLAS
    /// (the forward's Z = S W being the third product), except that S̄ = Z̄ Wᵀ for a layer with a
    /// single output is an outer product written by a loop. Only the layers' outputs are cached:
    /// every activation derivative is a function of the activation's output.
    static func backward(
        _ layers: [Dense], input: [Double], outputs: [[Double]], rows n: Int, blocks: Int,
        cotangent: [Double], needInput: Bool
    ) -> (weights: [[Double]], biases: [[Double]], input: [Double]) {
        var weightGradients = [[Double]](repeating: [], count: layers.count)
        var biasGradients = [[Double]](repeating: [], count: layers.count)
        var g = cotangent
        let stackedRows = n * blocks
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l]
            biasGradients[l] = activationBackward(&g, outputs: outputs[l], rows: n, blocks: blocks,
                                                  width: layer.outputs, activation: layer.activation, wantBias: true)
            let previous = l > 0 ? outputs[l - 1] : input
            weightGradients[l] = BLAS.product(previous, rows: stackedRows, columns: layer.inputs, transposingA: true,
                                              times: g, rows: stackedRows, columns: layer.outputs)
            if l > 0 || needInput {
                if layer.outputs == 1 {
                    g = outerProduct(g, layer.weight)
                } else {
                    g = BLAS.product(g, rows: stackedRows, columns: layer.outputs,
                                     times: layer.weight, rows: layer.inputs, columns: layer.outputs, transposingB: true)
                }
            }
        }
        return (weightGradients, biasGradients, needInput ? g : [])
    }

    /// u vᵀ as a row-major u.count × v.count array: Z̄ Wᵀ for a layer with a single output, where
    /// the product has inner dimension 1 and a plain loop beats a zero-filled BLAS call.
    static func outerProduct(_ u: [Double], _ v: [Double]) -> [Double] {
        let width = v.count
        return [Double](unsafeUninitializedCapacity: u.count * width) { buffer, initialized in
            u.withUnsafeBufferPointer { uBuffer in
                v.withUnsafeBufferPointer { vBuffer in
                    guard let out = buffer.baseAddress, let vp = vBuffer.baseAddress else { return }
                    for r in 0..<uBuffer.count {
                        let row = out + r * width
                        let scale = uBuffer[r]
                        for j in 0..<width { row[j] = scale * vp[j] }
                    }
                }
            }
            initialized = u.count * width
        }
    }

    /// Up to this inner dimension (a network's input layer with a few features), X W is a plain
    /// loop: the product is memory-bound, and the loop writes its result once instead of having it
    /// zero-filled, scaled by β = 0 and then written by dgemm.
    static let smallInnerDimension = 4

    /// x W for row-major x (rows × inner) and W (inner × columns), inner ≤ ``smallInnerDimension``.
    static func smallProduct(_ x: [Double], rows: Int, inner: Int, _ w: [Double], columns: Int) -> [Double] {
        precondition(x.count == rows * inner && w.count == inner * columns, "array sizes do not match their shapes")
        return [Double](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
            x.withUnsafeBufferPointer { xBuffer in
                w.withUnsafeBufferPointer { wBuffer in
                    guard let out = buffer.baseAddress, let xp = xBuffer.baseAddress, let wp = wBuffer.baseAddress else { return }
                    for r in 0..<rows {
                        let row = out + r * columns
                        let xr = xp + r * inner
                        let x0 = xr[0]
                        for j in 0..<columns { row[j] = x0 * wp[j] }
                        for i in 1..<inner {
                            let xi = xr[i], wi = wp + i * columns
                            for j in 0..<columns { row[j] += xi * wi[j] }
                        }
                    }
                }
            }
            initialized = rows * columns
        }
    }
}
