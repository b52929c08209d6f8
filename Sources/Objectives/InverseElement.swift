import _Differentiation
import GSL

/// [I⁻¹]_kk of a symmetric positive-definite matrix I (n × n, row-major): the Cramér–Rao variance
/// of parameter k. With v = I⁻¹ e_k the pullback is Ī = −v vᵀ · ȳ (d(I⁻¹) = −I⁻¹ dI I⁻¹).
/// NaN when I is not positive definite (the caller reports which parameter is unconstrained).
@differentiable(reverse, wrt: information)
public func inverseDiagonalElement(_ information: [Double], dimension n: Int, index k: Int) -> Double {
    covarianceColumn(information, n, k).map { $0[k] } ?? .nan
}

@derivative(of: inverseDiagonalElement, wrt: information)
public func vjpInverseDiagonalElement(_ information: [Double], dimension n: Int, index k: Int)
    -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector)
{
    guard let v = covarianceColumn(information, n, k) else {
        return (.nan, { _ in Array<Double>.TangentVector([Double](repeating: .nan, count: n * n)) })
    }
    return (v[k], { seed in
        var gradient = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { gradient[i * n + j] = -seed * v[i] * v[j] }
        }
        return Array<Double>.TangentVector(gradient)
    })
}

/// Column k of I⁻¹, nil when I is not positive definite.
private func covarianceColumn(_ information: [Double], _ n: Int, _ k: Int) -> [Double]? {
    precondition(information.count == n * n && k >= 0 && k < n, "expected an \(n)×\(n) matrix and an index below \(n)")
    var matrix = Matrix(rows: n, columns: n)
    matrix.elements = information
    guard let inverse = try? matrix.choleskyInverse() else { return nil }
    return (0..<n).map { inverse[$0, k] }
}
