import _Differentiation
import Foundation
import HistFactory

/// The interpolation codes (see `InterpolationCode` in HistFactory for the formulas and sources)
/// as functions that Swift can differentiate with respect to the templates lo, nominal and hi:
/// the interpolated template I(α) and its slope dI/dα. ``value(_:_:lo:nominal:hi:)`` is also
/// differentiable in α (e.g. for a template interpolated at a parameter being optimised).
public enum DifferentiableInterpolation {
    @differentiable(reverse, wrt: (lo, nominal, hi))
    @differentiable(reverse, wrt: (alpha, lo, nominal, hi))
    public static func value(_ code: InterpolationCode, _ alpha: Double, lo: Double, nominal: Double, hi: Double) -> Double {
        switch code {
        case .code0:
            return nominal + alpha * (alpha > 0 ? hi - nominal : nominal - lo)
        case .code2:
            let a = (hi + lo) / 2 - nominal, b = (hi - lo) / 2
            if alpha > 1 { return hi + (2 * a + b) * (alpha - 1) }
            if alpha < -1 { return lo + (b - 2 * a) * (alpha + 1) }
            return nominal + a * alpha * alpha + b * alpha
        case .code4p:
            if alpha > 1 { return nominal + alpha * (hi - nominal) }
            if alpha < -1 { return nominal + alpha * (nominal - lo) }
            let s = (hi - lo) / 2, a = (hi + lo - 2 * nominal) / 16
            let a2 = alpha * alpha
            return nominal + alpha * (s + alpha * a * (15 + a2 * (-10 + 3 * a2)))
        case .code1:
            if nominal == 0 { return 0 }
            return alpha > 0 ? nominal * pow(hi / nominal, alpha) : nominal * pow(lo / nominal, -alpha)
        case .code4:
            if nominal == 0 { return 0 }
            if alpha >= 1 { return nominal * pow(hi / nominal, alpha) }
            if alpha <= -1 { return nominal * pow(lo / nominal, -alpha) }
            let c = code4Coefficients(logUp: log(hi / nominal), logDown: log(lo / nominal))
            let polynomial = alpha * (c[0] + alpha * (c[1] + alpha * (c[2] + alpha * (c[3] + alpha * (c[4] + alpha * c[5])))))
            return nominal * (1 + polynomial)
        }
    }

    @differentiable(reverse, wrt: (lo, nominal, hi))
    static func slope(_ code: InterpolationCode, _ alpha: Double, lo: Double, nominal: Double, hi: Double) -> Double {
        switch code {
        case .code0:
            return alpha > 0 ? hi - nominal : nominal - lo
        case .code2:
            let a = (hi + lo) / 2 - nominal, b = (hi - lo) / 2
            if alpha > 1 { return 2 * a + b }
            if alpha < -1 { return b - 2 * a }
            return 2 * a * alpha + b
        case .code4p:
            if alpha > 1 { return hi - nominal }
            if alpha < -1 { return nominal - lo }
            let s = (hi - lo) / 2, a = (hi + lo - 2 * nominal) / 16
            let a2 = alpha * alpha
            return s + a * alpha * (30 + a2 * (-40 + 18 * a2))
        case .code1:
            if nominal == 0 { return 0 }
            return alpha > 0
                ? nominal * log(hi / nominal) * pow(hi / nominal, alpha)
                : -nominal * log(lo / nominal) * pow(lo / nominal, -alpha)
        case .code4:
            if nominal == 0 { return 0 }
            if alpha >= 1 { return nominal * log(hi / nominal) * pow(hi / nominal, alpha) }
            if alpha <= -1 { return -nominal * log(lo / nominal) * pow(lo / nominal, -alpha) }
            let c = code4Coefficients(logUp: log(hi / nominal), logDown: log(lo / nominal))
            let derivative = c[0] + alpha * (2 * c[1] + alpha * (3 * c[2] + alpha * (4 * c[3] + alpha * (5 * c[4] + alpha * 6 * c[5]))))
            return nominal * derivative
        }
    }

    /// a₁…a₆ of code4 at α₀ = 1 (ROOT `interpolate6thDegreeExp`), from ln u and ln d.
    @differentiable(reverse)
    static func code4Coefficients(logUp: Double, logDown: Double) -> [Double] {
        let pu = exp(logUp), pd = exp(logDown)
        let s0 = (pu + pd) / 2, a0 = (pu - pd) / 2
        let s1 = (pu * logUp - pd * logDown) / 2, a1 = (pu * logUp + pd * logDown) / 2
        let s2 = (pu * logUp * logUp + pd * logDown * logDown) / 2
        let a2 = (pu * logUp * logUp - pd * logDown * logDown) / 2
        return [
            (15 * a0 - 7 * s1 + a2) / 8,
            (-24 + 24 * s0 - 9 * a1 + s2) / 8,
            (-5 * a0 + 5 * s1 - a2) / 4,
            (12 - 12 * s0 + 7 * a1 - s2) / 4,
            (3 * a0 - 3 * s1 + a2) / 8,
            (-8 + 8 * s0 - 5 * a1 + s2) / 8,
        ]
    }
}
