import CGSL

/// Unconstrained minimisation of a smooth function with its analytic gradient by GSL's
/// `vector_bfgs2` (Fletcher's BFGS with a bracketing line search; GSL manual §"Multidimensional
/// Minimization").
public enum Minimizer {
    /// f(x) with its gradient written into `gradient` (same length as x).
    public typealias Objective = (_ x: [Double], _ gradient: inout [Double]) -> Double

    public struct Result: Sendable {
        /// The minimum found.
        public var x: [Double]
        /// f at `x`.
        public var value: Double
        /// ∇f at `x`.
        public var gradient: [Double]
        public var iterations: Int
        /// True when ‖∇f‖∞ fell below the requested tolerance.
        public var converged: Bool
        /// The GSL status of the last iteration (`GSL_ENOPROG` means the line search made no progress).
        public var status: Int32
    }

    /// Minimises `objective` starting at `start`.
    ///
    /// - Parameters:
    ///   - gradientTolerance: stop when every |∂f/∂xᵢ| is below this.
    ///   - initialStep: the size of the first trial step.
    ///   - lineTolerance: the accuracy of each line minimisation (GSL recommends 0.1 for BFGS).
    public static func minimize(
        start: [Double],
        gradientTolerance: Double = 1e-8,
        maxIterations: Int = 1000,
        initialStep: Double = 0.1,
        lineTolerance: Double = 0.1,
        objective: @escaping Objective
    ) -> Result {
        disableAbortingErrorHandler()
        let n = start.count
        let box = ObjectiveBox(objective, dimension: n)
        if n == 0 {
            var gradient: [Double] = []
            let value = objective([], &gradient)
            return Result(x: [], value: value, gradient: [], iterations: 0, converged: true, status: Int32(GSL_SUCCESS))
        }
        let context = Unmanaged.passUnretained(box).toOpaque()
        var function = gsl_multimin_function_fdf(
            f: { x, params in
                ObjectiveBox.from(params).value(at: x!)
            },
            df: { x, params, gradient in
                ObjectiveBox.from(params).evaluate(at: x!, gradient: gradient!)
            },
            fdf: { x, params, value, gradient in
                value!.pointee = ObjectiveBox.from(params).evaluate(at: x!, gradient: gradient!)
            },
            n: n,
            params: context
        )
        let minimizer = gsl_multimin_fdfminimizer_alloc(neos_gsl_multimin_vector_bfgs2(), n)!
        defer { gsl_multimin_fdfminimizer_free(minimizer) }
        let startVector = gsl_vector_alloc(n)!
        defer { gsl_vector_free(startVector) }
        for i in 0..<n { gsl_vector_set(startVector, i, start[i]) }

        var status = withExtendedLifetime(box) {
            gsl_multimin_fdfminimizer_set(minimizer, &function, startVector, initialStep, lineTolerance)
        }
        var iterations = 0
        var converged = gsl_multimin_test_gradient(minimizer.pointee.gradient, gradientTolerance) == Int32(GSL_SUCCESS)
        while !converged && status == Int32(GSL_SUCCESS) && iterations < maxIterations {
            iterations += 1
            status = withExtendedLifetime(box) { gsl_multimin_fdfminimizer_iterate(minimizer) }
            converged = gsl_multimin_test_gradient(minimizer.pointee.gradient, gradientTolerance) == Int32(GSL_SUCCESS)
        }
        let x = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
        let gradient = (0..<n).map { gsl_vector_get(minimizer.pointee.gradient, $0) }
        return Result(
            x: x, value: minimizer.pointee.f, gradient: gradient,
            iterations: iterations, converged: converged, status: status
        )
    }
}

/// Carries the Swift objective through GSL's `void *params`.
private final class ObjectiveBox {
    let objective: Minimizer.Objective
    var x: [Double]
    var gradient: [Double]

    init(_ objective: @escaping Minimizer.Objective, dimension: Int) {
        self.objective = objective
        self.x = Array(repeating: 0, count: dimension)
        self.gradient = Array(repeating: 0, count: dimension)
    }

    static func from(_ params: UnsafeMutableRawPointer?) -> ObjectiveBox {
        Unmanaged<ObjectiveBox>.fromOpaque(params!).takeUnretainedValue()
    }

    private func load(_ vector: UnsafePointer<gsl_vector>) {
        for i in x.indices { x[i] = gsl_vector_get(vector, i) }
    }

    func value(at vector: UnsafePointer<gsl_vector>) -> Double {
        load(vector)
        return objective(x, &gradient)
    }

    @discardableResult
    func evaluate(at vector: UnsafePointer<gsl_vector>, gradient out: UnsafeMutablePointer<gsl_vector>) -> Double {
        load(vector)
        let value = objective(x, &gradient)
        for i in gradient.indices { gsl_vector_set(out, i, gradient[i]) }
        return value
    }
}
