import Foundation
import GSL

/// −log Pois(n | ν) = ν − n log ν + log Γ(n + 1) for the continuous Poisson of pyhf, evaluated
/// without cancellation.
///
/// The direct sum cancels catastrophically for large n: a shapesys constraint with
/// τ = (ν⁰/σ)² = 2·10¹¹ has terms of 5·10¹² whose sum is O(1), so −log L would carry rounding
/// noise of 10⁻³ and a fit could not resolve its last digits. Split instead as
///
///     −log Pois(n | ν) = D(n, ν) + C(n),
///     D(n, ν) = ν − n − n log(ν/n) = n [u − log(1 + u)],  u = (ν − n)/n   (≥ 0, half the deviance;
///                                                                        a series in u for |u| < 0.1),
///     C(n)    = n − n log n + log Γ(n + 1) = δ(n) + ½ log(2πn),
///
/// with δ(n) = log Γ(n + 1) − (n + ½) log n + n − ½ log 2π the remainder of Stirling's formula,
/// summed from its asymptotic series for large n (Loader, "Fast and accurate computation of
/// binomial probabilities", 2000, the `bd0` and `stirlerr` of R's `dpois`).
enum PoissonTerm {
    /// D(n, ν); for n = 0 it is ν.
    static func deviance(observed n: Double, expected nu: Double) -> Double {
        guard n != 0 else { return nu }
        let u = (nu - n) / n
        guard abs(u) < 0.1 else {
            let ratio = nu / n
            return n * (ratio - 1 - Foundation.log(ratio))
        }
        // u − log(1 + u) = Σ_{k≥2} (−u)^k / k; 24 terms reach 10⁻²⁶ relative at |u| = 0.1.
        var sum = 0.0, power = u * u
        for k in 2...24 {
            sum += (k % 2 == 0 ? power : -power) / Double(k)
            power *= u
        }
        return n * sum
    }

    /// C(n) = log Γ(n + 1) + n − n log n; 0 for n = 0.
    static func constant(observed n: Double) -> Double {
        guard n != 0 else { return 0 }
        return stirlingRemainder(n) + 0.5 * Foundation.log(2 * Double.pi * n)
    }

    /// δ(n) = log Γ(n + 1) − (n + ½) log n + n − ½ log 2π: directly for small n (where the terms
    /// are small), by the series 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹)
    /// beyond n = 15 (truncation error below 10⁻¹⁷ there).
    static func stirlingRemainder(_ n: Double) -> Double {
        if n <= 15 {
            return SpecialFunctions.logGamma(n + 1) - (n + 0.5) * Foundation.log(n) + n - 0.5 * Foundation.log(2 * Double.pi)
        }
        let inverse = 1 / n, inverseSquared = inverse * inverse
        return inverse * (1.0 / 12 - inverseSquared * (1.0 / 360 - inverseSquared * (1.0 / 1260 - inverseSquared * (1.0 / 1680 - inverseSquared / 1188))))
    }

    /// −log Pois(n | ν), with or without the data-only constant C(n). Without it the value is
    /// D(n, ν) ≥ 0, which differs from ν − n log ν by a constant of the data.
    static func negativeLog(observed n: Double, expected nu: Double, includeConstant: Bool) -> Double {
        deviance(observed: n, expected: nu) + (includeConstant ? constant(observed: n) : 0)
    }
}
