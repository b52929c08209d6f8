import GSL

/// One local minimisation of −log L within the parameter bounds: Newton's method with the
/// analytic Hessian, globalised by a trust region in scaled variables, with the bounds (and the
/// kinks of code0/code1 interpolation) handled by an active set.
///
/// - **Scaling.** The trust region is a sphere in y_i = d_i θ_i with d_i = √H_ii at the current
///   point, and at least 1/(prior width) for a constrained parameter, so a shapesys γ with
///   τ = 2·10¹¹ (d ≈ 4·10⁵) and a normfactor with d ≈ 1 take steps of comparable meaning.
/// - **Step.** The trust-region subproblem (``TrustRegionStep``) on the parameters not held at a
///   bound; the step is projected onto the box, and accepted when the actual decrease of −log L is
///   a fair share of the model's prediction (ρ > 10⁻⁴). The radius grows after good steps and
///   shrinks after poor ones (Nocedal & Wright, Algorithm 4.1).
/// - **Active set.** A parameter on a bound whose gradient points out of the box is held there;
///   it is released as soon as its gradient points back in.
/// - **Kinks.** A kinked parameter crossing 0 stops at 0; there, with one-sided slopes g⁻ ≤ 0 ≤ g⁺,
///   0 is the minimum along it and it is held like a bound.
/// - **Convergence** is judged as MINUIT judges it, by the estimated distance to the minimum
///   EDM = ½ gᵀH⁻¹g over the parameters not held (in units of −log L), not by the raw gradient,
///   which can be 10¹⁰ in a stiff direction a step of 10⁻⁶ away from the minimum.
///
/// GSL has no minimiser that uses a Hessian (its `multimin` methods are gradient-only and
/// unbounded; `multifit_nlinear` approximates the Hessian by JᵀJ, which for Poisson deviance
/// residuals is singular where ν = n), so the iteration is written here; its linear algebra
/// (Cholesky factors, solves, inverses) is GSL's.
struct TrustRegionNewton {
    let model: Model
    let data: [Double]
    let settings: FitSettings
    /// The parameters that are not fixed.
    let free: [Int]
    /// The block structure of the Hessian, to solve by block elimination; nil for dense solves.
    let structure: HessianStructure?
    /// σ (Gaussian) or 1/√τ (Poisson) of each constrained parameter, nil when unconstrained.
    private let priorWidths: [Double?]
    /// Iterations over all minimisations run by this value (and any counted in by its caller).
    var iterations = 0

    /// EDM (in −log L) below which a minimum counts as converged.
    static let edmTolerance = 1e-8
    /// EDM at which iterating stops: Newton's quadratic convergence makes the last digits cheap.
    static let edmFloor = 1e-24
    static let maximumIterations = 500

    struct Minimum {
        var parameters: [Double]
        /// −log L without the data-only constants.
        var value: Double
        var edm: Double
        var converged: Bool
        /// Free parameters held at a bound at the end.
        var atBound: [Int]
    }

    init(model: Model, data: [Double], settings: FitSettings, structure: HessianStructure?) {
        self.model = model
        self.data = data
        self.settings = settings
        let free = (0..<model.parameterCount).filter { !settings.fixed[$0] }
        self.free = free
        self.structure = structure
        self.priorWidths = model.parameterSets.flatMap { set in set.widths.map { $0.map(Optional.some) } ?? Array(repeating: nil, count: set.count) }
    }

    private func derivatives(_ theta: [Double], order: Int = 2) -> LikelihoodDerivatives {
        model.negativeLogLikelihood(theta, data: data, order: order, includeConstants: false)
    }

    mutating func minimum(from start: [Double]) -> Minimum {
        var theta = start
        for i in free { theta[i] = settings.bounds[i].clamp(theta[i]) }
        var current = derivatives(theta)
        guard current.value.isFinite else {
            return Minimum(parameters: theta, value: current.value, edm: .infinity, converged: false, atBound: [])
        }
        var scale = [Double](repeating: 1, count: model.parameterCount)
        for i in free { scale[i] = Self.scale(current.hessian![i, i], previous: 0, width: priorWidths[i]) }
        var radius = Double.nan
        var edm = Double.infinity
        var held: [Int] = []
        for _ in 0..<Self.maximumIterations {
            iterations += 1
            releaseKinks(&theta, &current)
            held = free.filter { isHeld($0, theta, current) }
            let inner = free.filter { !held.contains($0) }
            if inner.isEmpty { edm = 0; break }
            let hessian = current.hessian!
            let scaledGradient = inner.map { current.gradient[$0] / scale[$0] }
            let scaled = ScaledHessian(hessian: hessian, scale: scale, inner: inner, structure: structure)
            let newton = ShiftedHessianFactor(scaled, shift: 0)
            if let newton {
                let newtonStep = newton.solve(scaledGradient)
                edm = 0.5 * zip(scaledGradient, newtonStep).reduce(0) { $0 + $1.0 * $1.1 }
                if edm < Self.edmFloor { break }
                // The first radius admits the first Newton step: far from the minimum the
                // ratio test, not a guess, decides how far to trust the quadratic model.
                if radius.isNaN { radius = max(1, TrustRegionStep.norm(newtonStep)) }
            } else {
                edm = .infinity
            }
            if radius.isNaN { radius = 1 }
            let subproblem = TrustRegionStep.solve(gradient: scaledGradient, radius: radius, diagonal: scaled.diagonal, newton: newton) { lambda in
                ShiftedHessianFactor(scaled, shift: lambda)
            }
            var trial = theta
            for (k, i) in inner.enumerated() { trial[i] = project(i, from: theta[i], to: theta[i] + subproblem.step[k] / scale[i]) }
            let displacement = inner.map { trial[$0] - theta[$0] }
            let predicted = -Self.quadraticModel(gradient: current.gradient, hessian: hessian, inner: inner, displacement: displacement)
            let stepLength = TrustRegionStep.norm(zip(inner, displacement).map { scale[$0.0] * $0.1 })
            guard predicted > 0, stepLength > 0 else {
                radius = 0.25 * min(radius, max(stepLength, 1e-300))
                if radius < 1e-14 { break }
                continue
            }
            let candidate = derivatives(trial)
            let decrease = current.value - candidate.value
            let ratio = candidate.value.isFinite ? decrease / predicted : -.infinity
            // Below the resolution of −log L the ratio is rounding noise: a Newton step is then
            // judged by whether it shrinks the scaled gradient instead.
            let belowResolution = predicted < 1e-13 * max(1, abs(current.value))
            let accepted = ratio > 1e-4 || (belowResolution && subproblem.shift == 0 && candidate.value.isFinite
                && Self.norm(candidate.gradient, inner, scale) < Self.norm(current.gradient, inner, scale))
            if accepted {
                theta = trial
                current = candidate
                for i in free { scale[i] = Self.scale(current.hessian![i, i], previous: scale[i], width: priorWidths[i]) }
            } else if belowResolution && edm < Self.edmTolerance {
                break
            }
            if ratio < 0.25 && !(accepted && belowResolution) {
                radius = 0.25 * stepLength
            } else if ratio > 0.75 && stepLength > 0.99 * radius {
                radius = min(2 * radius, 1e8)
            }
            if radius < 1e-14 { break }
        }
        return Minimum(parameters: theta, value: current.value, edm: edm, converged: edm < Self.edmTolerance, atBound: held)
    }

    /// d_i = max(previous, √H_ii), and at the start at least 1/width for a constrained parameter.
    private static func scale(_ curvature: Double, previous: Double, width: Double?) -> Double {
        var d = curvature > 0 && curvature.isFinite ? curvature.squareRoot() : previous
        if let width, width > 0 { d = max(d, 1 / width) }
        return d > 0 ? d : 1
    }

    /// ‖g_i / d_i‖ over the inner parameters.
    private static func norm(_ gradient: [Double], _ inner: [Int], _ scale: [Double]) -> Double {
        inner.reduce(0) { $0 + (gradient[$1] / scale[$1]) * (gradient[$1] / scale[$1]) }.squareRoot()
    }

    /// gᵀδ + ½ δᵀHδ over the inner parameters.
    private static func quadraticModel(gradient: [Double], hessian: Matrix, inner: [Int], displacement: [Double]) -> Double {
        var linear = 0.0, quadratic = 0.0
        for (a, i) in inner.enumerated() where displacement[a] != 0 {
            linear += gradient[i] * displacement[a]
            var row = 0.0
            for (b, j) in inner.enumerated() where displacement[b] != 0 { row += hessian[i, j] * displacement[b] }
            quadratic += displacement[a] * row
        }
        return linear + 0.5 * quadratic
    }

    /// The target clamped to the bounds, and stopped at 0 when a kinked parameter would cross it.
    private func project(_ i: Int, from x: Double, to target: Double) -> Double {
        let clamped = settings.bounds[i].clamp(target)
        if model.kinkedParameters.contains(i), x != 0, (x > 0) != (clamped > 0) { return 0 }
        return clamped
    }

    /// A parameter on a bound with the gradient pointing outward, or trapped in a kink.
    private func isHeld(_ i: Int, _ theta: [Double], _ current: LikelihoodDerivatives) -> Bool {
        let bounds = settings.bounds[i], g = current.gradient[i]
        if (theta[i] <= bounds.lower && g > 0) || (theta[i] >= bounds.upper && g < 0) { return true }
        return model.kinkedParameters.contains(i) && theta[i] == 0 && g <= 0 && rightSlope(i, theta) >= 0
    }

    /// ∂(−log L)/∂θ_i just above 0 (at 0 the interpolation uses its lower branch).
    private func rightSlope(_ i: Int, _ theta: [Double]) -> Double {
        var right = theta
        right[i] = .leastNormalMagnitude
        return derivatives(right, order: 1).gradient[i]
    }

    /// A kinked parameter at 0 whose right-hand slope is negative moves just above 0, where the
    /// derivatives of the upper branch apply.
    private func releaseKinks(_ theta: inout [Double], _ current: inout LikelihoodDerivatives) {
        var moved = false
        for i in free where model.kinkedParameters.contains(i) && theta[i] == 0 && current.gradient[i] <= 0 {
            if rightSlope(i, theta) < 0 && settings.bounds[i].upper > 0 {
                theta[i] = .leastNormalMagnitude
                moved = true
            }
        }
        if moved { current = derivatives(theta) }
    }
}
