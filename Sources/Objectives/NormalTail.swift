import _Differentiation
import Foundation

/// 1 − Φ(x) = erfc(x/√2)/2, differentiable: d/dx = −φ(x).
@differentiable(reverse)
public func normalUpperTail(_ x: Double) -> Double {
    erfc(x / 2.0.squareRoot()) / 2
}

@derivative(of: normalUpperTail)
public func vjpNormalUpperTail(_ x: Double) -> (value: Double, pullback: (Double) -> Double) {
    let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
    return (erfc(x / 2.0.squareRoot()) / 2, { -density * $0 })
}
