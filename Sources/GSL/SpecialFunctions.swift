import CGSL

/// Special functions from GSL used by the likelihoods.
public enum SpecialFunctions {
    /// log Γ(x) for x > 0, as in lgamma; used for the Poisson constant lgamma(n + 1).
    public static func logGamma(_ x: Double) -> Double {
        disableAbortingErrorHandler()
        var result = gsl_sf_result()
        let status = gsl_sf_lngamma_e(x, &result)
        return status == Int32(GSL_SUCCESS) ? result.val : .nan
    }
}
