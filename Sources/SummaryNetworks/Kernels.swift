import Foundation

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

    /// For `rows` of the stack `z` (pre-activations Z, tangent rows ż): adds `bias` (if any) to the
    /// primal rows, applies the activation to them, and turns the tangent rows into activation
    /// tangents ȧ, all in place.
    static func activate(_ z: StackedRows, bias: UnsafePointer<Double>?, rows: Range<Int>, activation: Activation) {
        let width = z.width
        guard !rows.isEmpty, width > 0 else { return }
        let zeros = bias == nil ? [Double](repeating: 0, count: width) : []
        zeros.withUnsafeBufferPointer { zeros in
            let b = bias ?? zeros.baseAddress!
            let first = z.row(rows.lowerBound)
            let count = rows.count * width
            switch activation {
            case .identity:
                if bias != nil { mapRows(first, b, rows.count, width) { $0 } }
            case .relu:
                for r in 0..<rows.count { biasReluRow(first + r * width, b, width) }
                for k in 1..<max(z.blocks, 1) {
                    reluMaskRow(z.row(rows.lowerBound, block: k), first, count, accumulatingInto: nil)
                }
            case .sigmoid:
                mapRows(first, b, rows.count, width) { 1 / (1 + Foundation.exp(-$0)) }
                scaleTangents(first, count, z) { $0 * (1 - $0) }
            case .tanh:
                mapRows(first, b, rows.count, width) { Foundation.tanh($0) }
                scaleTangents(first, count, z) { 1 - $0 * $0 }
            case .softmax(let temperature):
                precondition(temperature > 0, "softmax temperature must be positive, got \(temperature)")
                let inverseT = 1 / temperature
                for r in rows {
                    let row = z.row(r)
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
                    for k in 1..<max(z.blocks, 1) {
                        let t = z.row(r, block: k)
                        var c = 0.0
                        for j in 0..<width { c += row[j] * t[j] }
                        for j in 0..<width { t[j] = row[j] * (t[j] - c) * inverseT }
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

    /// Multiplies the tangent values behind the `count` primal values at `first` by g(primal).
    @inline(__always)
    private static func scaleTangents(
        _ first: UnsafeMutablePointer<Double>, _ count: Int, _ z: StackedRows, _ g: (Double) -> Double
    ) {
        guard z.blocks > 1 else { return }
        for p in 0..<count {
            let d = g(first[p])
            for k in 1..<z.blocks { first[k * z.blockStride + p] *= d }
        }
    }

    /// For `rows` of the stacked output cotangents `g` (ā for the primal rows, ǡ_k for the tangent
    /// rows): turns them into pre-activation cotangents (z̄, ż̄_k) in place, given the stacked
    /// outputs `a` (a, ȧ_k) of the same shape, and adds the column sums of the primal z̄ (the bias
    /// gradient) to `biasGradient` when given.
    static func activationBackward(
        _ g: StackedRows, outputs a: StackedRows, rows: Range<Int>, activation: Activation,
        biasGradient: UnsafeMutablePointer<Double>?
    ) {
        let width = g.width
        guard !rows.isEmpty, width > 0 else { return }
        let gFirst = g.row(rows.lowerBound)
        let aFirst = UnsafePointer(a.row(rows.lowerBound))
        let count = rows.count * width
        switch activation {
        case .identity:
            break
        case .relu:
            if g.blocks <= 1, let biasGradient {
                // The hot path of training: mask and bias gradient in one sweep.
                for r in 0..<rows.count { reluMaskRow(gFirst + r * width, aFirst + r * width, width, accumulatingInto: biasGradient) }
                return
            }
            for k in 0..<max(g.blocks, 1) {
                reluMaskRow(g.row(rows.lowerBound, block: k), aFirst, count, accumulatingInto: nil)
            }
        case .sigmoid:
            elementwiseBackward(gFirst, aFirst, count, g, g: { $0 * (1 - $0) }, gPrime: { 1 - 2 * $0 })
        case .tanh:
            elementwiseBackward(gFirst, aFirst, count, g, g: { 1 - $0 * $0 }, gPrime: { -2 * $0 })
        case .softmax(let temperature):
            let inverseT = 1 / temperature
            var dots = [Double](repeating: 0, count: max(g.blocks, 1))
            for r in rows {
                let ar = a.row(r)
                let gr = g.row(r)
                for k in 1..<max(g.blocks, 1) {
                    let gk = g.row(r, block: k)
                    var d = 0.0
                    for j in 0..<width { d += ar[j] * gk[j] }
                    dots[k] = d
                }
                var sum = 0.0
                for j in 0..<width {
                    var u = ar[j] * gr[j]
                    for k in 1..<max(g.blocks, 1) {
                        u += a.row(r, block: k)[j] * (g.row(r, block: k)[j] - dots[k])
                    }
                    gr[j] = u
                    sum += u
                }
                for j in 0..<width { gr[j] = (gr[j] - ar[j] * sum) * inverseT }
                for k in 1..<max(g.blocks, 1) {
                    let gk = g.row(r, block: k)
                    for j in 0..<width { gk[j] = ar[j] * (gk[j] - dots[k]) * inverseT }
                }
            }
        }
        if let biasGradient {
            for r in 0..<rows.count { addRow(gFirst + r * width, into: biasGradient, width) }
        }
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

    /// The element-wise pullback of ``activationBackward(_:outputs:rows:activation:biasGradient:)``
    /// for the `count` primal values at `gp`/`a` and the tangent values behind them.
    @inline(__always)
    private static func elementwiseBackward(
        _ gp: UnsafeMutablePointer<Double>, _ a: UnsafePointer<Double>, _ count: Int, _ stack: StackedRows,
        g: (Double) -> Double, gPrime: (Double) -> Double
    ) {
        let blocks = stack.blocks, stride = stack.blockStride
        if blocks <= 1 {
            for p in 0..<count { gp[p] *= g(a[p]) }
            return
        }
        for p in 0..<count {
            let d = g(a[p])
            var second = 0.0
            for k in 1..<blocks { second += a[k * stride + p] * gp[k * stride + p] }
            gp[p] = d * gp[p] + gPrime(a[p]) * second
            for k in 1..<blocks { gp[k * stride + p] *= d }
        }
    }
}
