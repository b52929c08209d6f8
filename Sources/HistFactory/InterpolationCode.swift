/// The interpolation codes of HistFactory: how a template moves between its nominal shape
/// I⁰ (α = 0) and its variations I⁺ (α = +1) and I⁻ (α = −1).
///
/// Additive codes interpolate the difference Δ = I(α) − I⁰ with δ⁺ = I⁺ − I⁰, δ⁻ = I⁰ − I⁻;
/// multiplicative codes interpolate the ratio κ = I(α)/I⁰ with u = I⁺/I⁰, d = I⁻/I⁰
/// (pyhf `interpolators/`, ROOT `PiecewiseInterpolation` and `FlexibleInterpVar`):
///
/// - `code0`: piecewise linear, Δ = α δ⁺ (α > 0), α δ⁻ (α ≤ 0). Kink at 0.
/// - `code1`: piecewise exponential, κ = u^α (α > 0), d^(−α) (α ≤ 0). Kink at 0.
/// - `code2`: quadratic inside |α| ≤ 1, Δ = aα² + bα with a = (δ⁺ − δ⁻)/2, b = (δ⁺ + δ⁻)/2,
///   linear outside, continuous with its first derivative, **in ROOT's form**:
///   Δ = (2a + b)(α − 1) + δ⁺ (α > 1), −(2a − b)(α + 1) − δ⁻ (α < −1).
///   pyhf 0.7.6 omits the offsets δ⁺ and −δ⁻ outside |α| ≤ 1 (scikit-hep/pyhf#2729), so its
///   code2 jumps at |α| = 1; the two agree for |α| ≤ 1 only.
/// - `code4`: κ = u^α (α ≥ 1), d^(−α) (α ≤ −1), and 1 + Σᵢ₌₁⁶ aᵢ αⁱ inside, with the aᵢ fixed by
///   continuity of value, first and second derivative at ±1 (ROOT `interpolate6thDegreeExp`).
/// - `code4p`: Δ = α δ⁺ (α > 1), α δ⁻ (α < −1), and inside
///   Δ = α (S + α A (15 + α²(−10 + 3α²))) with S = (δ⁺ + δ⁻)/2, A = (δ⁺ − δ⁻)/16.
public enum InterpolationCode: String, CaseIterable, Sendable, Codable {
    case code0, code1, code2, code4, code4p

    /// True for the codes that interpolate a ratio (1, 4), false for those that add a difference.
    public var isMultiplicative: Bool { self == .code1 || self == .code4 }

    /// code0 and code1 switch branch at α = 0, where the slope jumps.
    public var hasKinkAtZero: Bool { self == .code0 || self == .code1 }

    /// The interpolated template I(α) with dI/dα and d²I/dα².
    public func interpolate(_ alpha: Double, lo: Double, nominal: Double, hi: Double) -> Derivatives {
        TemplateInterpolator(code: self, lo: lo, nominal: nominal, hi: hi).value(at: alpha)
    }
}

/// A value with its first and second derivative with respect to one parameter.
public struct Derivatives: Equatable, Sendable {
    public var value: Double
    public var first: Double
    public var second: Double

    public init(value: Double, first: Double, second: Double) {
        self.value = value
        self.first = first
        self.second = second
    }
}

/// One bin's interpolation, with everything that does not depend on α computed once.
struct TemplateInterpolator: Sendable {
    let code: InterpolationCode
    let nominal: Double
    /// δ⁺ and δ⁻ for additive codes; ln u and ln d for multiplicative codes.
    private let up: Double
    private let down: Double
    /// code4: a₁…a₆; code2: (a, b, 0…); code4p: (S, A, 0…). A tuple, not an array, so that copying
    /// an interpolator in the likelihood's inner loop costs no reference counting.
    private let coefficients: (Double, Double, Double, Double, Double, Double)

    init(code: InterpolationCode, lo: Double, nominal: Double, hi: Double) {
        self.code = code
        self.nominal = nominal
        switch code {
        case .code0:
            (up, down, coefficients) = (hi - nominal, nominal - lo, (0, 0, 0, 0, 0, 0))
        case .code2:
            let (deltaUp, deltaDown) = (hi - nominal, nominal - lo)
            (up, down) = (deltaUp, deltaDown)
            coefficients = ((deltaUp - deltaDown) / 2, (deltaUp + deltaDown) / 2, 0, 0, 0, 0)
        case .code4p:
            let (deltaUp, deltaDown) = (hi - nominal, nominal - lo)
            (up, down) = (deltaUp, deltaDown)
            coefficients = ((deltaUp + deltaDown) / 2, (deltaUp - deltaDown) / 16, 0, 0, 0, 0)
        case .code1:
            (up, down) = nominal == 0 ? (0, 0) : (Foundation.log(hi / nominal), Foundation.log(lo / nominal))
            coefficients = (0, 0, 0, 0, 0, 0)
        case .code4:
            let (logUp, logDown) = nominal == 0 ? (0.0, 0.0) : (Foundation.log(hi / nominal), Foundation.log(lo / nominal))
            (up, down) = (logUp, logDown)
            coefficients = Self.code4Coefficients(logUp: logUp, logDown: logDown)
        }
    }

    /// The aᵢ of code4 at α₀ = 1 (ROOT `FlexibleInterpVar::interpolate6thDegreeExp`, pyhf `code4`):
    /// with pu = u, pd = d, S0 = (pu + pd)/2, A0 = (pu − pd)/2, S1 = (pu ln u − pd ln d)/2,
    /// A1 = (pu ln u + pd ln d)/2, S2 = (pu ln²u + pd ln²d)/2, A2 = (pu ln²u − pd ln²d)/2.
    private static func code4Coefficients(logUp: Double, logDown: Double) -> (Double, Double, Double, Double, Double, Double) {
        let pu = Foundation.exp(logUp), pd = Foundation.exp(logDown)
        let s0 = (pu + pd) / 2, a0 = (pu - pd) / 2
        let s1 = (pu * logUp - pd * logDown) / 2, a1 = (pu * logUp + pd * logDown) / 2
        let s2 = (pu * logUp * logUp + pd * logDown * logDown) / 2
        let a2 = (pu * logUp * logUp - pd * logDown * logDown) / 2
        return (
            (15 * a0 - 7 * s1 + a2) / 8,
            (-24 + 24 * s0 - 9 * a1 + s2) / 8,
            (-5 * a0 + 5 * s1 - a2) / 4,
            (12 - 12 * s0 + 7 * a1 - s2) / 4,
            (3 * a0 - 3 * s1 + a2) / 8,
            (-8 + 8 * s0 - 5 * a1 + s2) / 8
        )
    }

    /// I(α), dI/dα, d²I/dα².
    func value(at alpha: Double) -> Derivatives {
        switch code {
        case .code0:
            let slope = alpha > 0 ? up : down
            return Derivatives(value: nominal + alpha * slope, first: slope, second: 0)
        case .code2:
            let (a, b) = (coefficients.0, coefficients.1)
            if alpha > 1 {
                let slope = 2 * a + b
                return Derivatives(value: nominal + slope * (alpha - 1) + up, first: slope, second: 0)
            } else if alpha < -1 {
                let slope = b - 2 * a
                return Derivatives(value: nominal + slope * (alpha + 1) - down, first: slope, second: 0)
            }
            return Derivatives(value: nominal + a * alpha * alpha + b * alpha, first: 2 * a * alpha + b, second: 2 * a)
        case .code4p:
            if alpha > 1 { return Derivatives(value: nominal + alpha * up, first: up, second: 0) }
            if alpha < -1 { return Derivatives(value: nominal + alpha * down, first: down, second: 0) }
            let (s, a) = (coefficients.0, coefficients.1)
            let a2 = alpha * alpha
            let delta = alpha * (s + alpha * a * (15 + a2 * (-10 + 3 * a2)))
            let first = s + a * alpha * (30 + a2 * (-40 + 18 * a2))
            let second = a * (30 + a2 * (-120 + 90 * a2))
            return Derivatives(value: nominal + delta, first: first, second: second)
        case .code1:
            return exponential(alpha, useUp: alpha > 0)
        case .code4:
            if alpha >= 1 { return exponential(alpha, useUp: true) }
            if alpha <= -1 { return exponential(alpha, useUp: false) }
            // p(α) = Σᵢ₌₁⁶ aᵢ αⁱ, p′ and p″, each by Horner's rule.
            let (a1, a2, a3, a4, a5, a6) = coefficients
            let value = alpha * (a1 + alpha * (a2 + alpha * (a3 + alpha * (a4 + alpha * (a5 + alpha * a6)))))
            let first = a1 + alpha * (2 * a2 + alpha * (3 * a3 + alpha * (4 * a4 + alpha * (5 * a5 + alpha * 6 * a6))))
            let second = 2 * a2 + alpha * (6 * a3 + alpha * (12 * a4 + alpha * (20 * a5 + alpha * 30 * a6)))
            return Derivatives(value: nominal * (1 + value), first: nominal * first, second: nominal * second)
        }
    }

    /// κ = u^α or d^(−α) times the nominal.
    private func exponential(_ alpha: Double, useUp: Bool) -> Derivatives {
        let rate = useUp ? up : -down
        let factor = nominal * Foundation.exp(rate * alpha)
        return Derivatives(value: factor, first: rate * factor, second: rate * rate * factor)
    }
}

import Foundation
