import Foundation
import GSL

/// The 3-D synthetic mixture of INFERNO (de Castro & Dorigo, arXiv:1806.04743, §"3D Synthetic
/// Mixture"), with the signal at (0, 0) as in the authors' code (the text says (1, 1); only (0, 0)
/// reproduces the published table, reference notes §1.2 and §1.8):
///
///     f_s(x) = N((x₀, x₁) | (0, 0), I) · Exp(x₂ | 2)
///     f_b(x | r, λ) = N((x₀, x₁) | (2 + r, 0), diag(5, 9)) · Exp(x₂ | λ)
///
/// with rates as Exp parameters, nominal r = 0, λ = 3, and expected yields s = 50, b = 1000.
/// Events are row-major n × 3 arrays.
public enum InfernoProblem {
    public static let features = 3
    public static let signalYield = 50.0
    public static let backgroundYield = 1000.0
    public static let nominalRate = 3.0

    /// n signal events.
    public static func signal(count: Int, stream: RandomStream) -> [Double] {
        var events = [Double](repeating: 0, count: count * features)
        for k in 0..<count {
            events[3 * k] = stream.gaussian()
            events[3 * k + 1] = stream.gaussian()
            events[3 * k + 2] = exponential(rate: 2, stream)
        }
        return events
    }

    /// n background events at the nominal r = 0, λ = 3 (other values by `transform`).
    public static func background(count: Int, stream: RandomStream) -> [Double] {
        var events = [Double](repeating: 0, count: count * features)
        for k in 0..<count {
            events[3 * k] = 2 + stream.gaussian(sigma: 5.0.squareRoot())
            events[3 * k + 1] = stream.gaussian(sigma: 3)
            events[3 * k + 2] = exponential(rate: nominalRate, stream)
        }
        return events
    }

    /// Background generated at (0, 3) moved to (r, λ), as the paper models its nuisance parameters:
    /// x₀ → x₀ + r and x₂ → x₂ · 3/λ (an Exp(3) variable rescaled to Exp(λ)).
    public static func transform(background events: [Double], shift r: Double, rate lambda: Double) -> [Double] {
        var moved = events
        for k in 0..<(events.count / features) {
            moved[3 * k] += r
            moved[3 * k + 2] *= nominalRate / lambda
        }
        return moved
    }

    /// The input tangents of the background events with respect to r and λ at the nominal point:
    /// ∂x/∂r = (1, 0, 0) and ∂x/∂λ = (0, 0, −x₂/λ₀).
    public static func nuisanceDirections(background events: [Double]) -> (shift: [Double], rate: [Double]) {
        let n = events.count / features
        var shift = [Double](repeating: 0, count: events.count)
        var rate = [Double](repeating: 0, count: events.count)
        for k in 0..<n {
            shift[3 * k] = 1
            rate[3 * k + 2] = -events[3 * k + 2] / nominalRate
        }
        return (shift, rate)
    }

    /// The optimal classifier of the paper: s(x) = f_s/(f_s + f_b) at the nominal r, λ.
    public static func signalProbability(_ x: ArraySlice<Double>) -> Double {
        let i = x.startIndex
        let (x0, x1, x2) = (x[i], x[i + 1], x[i + 2])
        let logSignal = -(x0 * x0 + x1 * x1) / 2 - log(2 * Double.pi) + log(2) - 2 * x2
        let d0 = x0 - 2
        let logBackground = -(d0 * d0 / 5 + x1 * x1 / 9) / 2 - log(2 * Double.pi * (45.0).squareRoot()) + log(nominalRate) - nominalRate * x2
        return 1 / (1 + exp(logBackground - logSignal))
    }

    private static func exponential(rate: Double, _ stream: RandomStream) -> Double {
        -log(1 - stream.uniform()) / rate
    }
}
