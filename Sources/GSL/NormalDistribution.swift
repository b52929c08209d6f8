import CGSL

/// The standard normal distribution N(0, 1), computed by GSL.
///
/// Tail probabilities use GSL's dedicated upper/lower tail functions, so that
/// `upperTail(8)` ≈ 6.2e-16 keeps its relative precision instead of being rounded from
/// `1 - cdf(8)`.
public enum NormalDistribution {
    /// Φ(x) = P(Z ≤ x).
    public static func cdf(_ x: Double) -> Double {
        gsl_cdf_ugaussian_P(x)
    }

    /// 1 − Φ(x) = P(Z > x), accurate in the far upper tail.
    public static func upperTail(_ x: Double) -> Double {
        gsl_cdf_ugaussian_Q(x)
    }

    /// Φ⁻¹(p) for p ∈ (0, 1).
    public static func quantile(_ p: Double) -> Double {
        gsl_cdf_ugaussian_Pinv(p)
    }

    /// Φ⁻¹(1 − q), accurate for tiny upper-tail probabilities q.
    public static func upperQuantile(_ q: Double) -> Double {
        gsl_cdf_ugaussian_Qinv(q)
    }

    /// φ(x) = exp(−x²/2)/√(2π).
    public static func density(_ x: Double) -> Double {
        gsl_ran_ugaussian_pdf(x)
    }
}
