import CGSL

/// One-dimensional root finding on a bracket by Brent's method (`gsl_root_fsolver_brent`).
public enum RootFinder {
    public enum Failure: Error, CustomStringConvertible, Sendable {
        /// f(lower) and f(upper) have the same sign.
        case notBracketed(lower: Double, upper: Double, fLower: Double, fUpper: Double)
        case noConvergence(iterations: Int)
        case gsl(GSLError)

        public var description: String {
            switch self {
            case let .notBracketed(lower, upper, fLower, fUpper):
                return "no sign change on [\(lower), \(upper)]: f = \(fLower) and \(fUpper)"
            case let .noConvergence(iterations):
                return "Brent root finder did not converge in \(iterations) iterations"
            case let .gsl(error):
                return error.description
            }
        }
    }

    /// A root of `f` in [lower, upper], to |Δx| < absoluteTolerance + relativeTolerance·|x|, or
    /// the first iterate where |f| ≤ residualTolerance (Brent's interpolation can reach the root
    /// long before the far end of the bracket moves in; `f` is evaluated there once more, so
    /// make it cheap to repeat when it is costly).
    public static func brent(
        lower: Double, upper: Double,
        absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-12,
        residualTolerance: Double = 0,
        maxIterations: Int = 200,
        _ f: (Double) -> Double
    ) throws(Failure) -> Double {
        disableAbortingErrorHandler()
        let fLower = f(lower), fUpper = f(upper)
        if fLower == 0 { return lower }
        if fUpper == 0 { return upper }
        guard fLower.sign != fUpper.sign, fLower.isFinite, fUpper.isFinite else {
            throw .notBracketed(lower: lower, upper: upper, fLower: fLower, fUpper: fUpper)
        }
        return try withoutActuallyEscaping(f) { (escapable: @escaping (Double) -> Double) throws(Failure) -> Double in
            let box = FunctionBox(escapable)
            var function = gsl_function(
                function: { x, params in
                    Unmanaged<FunctionBox>.fromOpaque(params!).takeUnretainedValue().f(x)
                },
                params: Unmanaged.passUnretained(box).toOpaque()
            )
            let solver = gsl_root_fsolver_alloc(neos_gsl_root_fsolver_brent())!
            defer { gsl_root_fsolver_free(solver) }
            let status = withExtendedLifetime(box) { gsl_root_fsolver_set(solver, &function, lower, upper) }
            guard status == Int32(GSL_SUCCESS) else { throw .gsl(GSLError(status: status, context: "Brent set-up")) }
            for _ in 0..<maxIterations {
                let iterate = withExtendedLifetime(box) { gsl_root_fsolver_iterate(solver) }
                guard iterate == Int32(GSL_SUCCESS) else { throw .gsl(GSLError(status: iterate, context: "Brent iteration")) }
                let low = gsl_root_fsolver_x_lower(solver), high = gsl_root_fsolver_x_upper(solver)
                let root = gsl_root_fsolver_root(solver)
                if gsl_root_test_interval(low, high, absoluteTolerance, relativeTolerance) == Int32(GSL_SUCCESS) {
                    return root
                }
                if residualTolerance > 0, abs(box.f(root)) <= residualTolerance {
                    return root
                }
            }
            throw .noConvergence(iterations: maxIterations)
        }
    }
}

private final class FunctionBox {
    let f: (Double) -> Double
    init(_ f: @escaping (Double) -> Double) { self.f = f }
}
