import Foundation

/// The trust-region subproblem: the step p minimising the quadratic model
/// m(p) = g̃ᵀp + ½ pᵀ M p subject to ‖p‖ ≤ Δ, with M the scaled Hessian (possibly indefinite).
///
/// The solution is p(λ) = −(M + λI)⁻¹ g̃ with M + λI positive semi-definite and λ(Δ − ‖p‖) = 0
/// (Moré & Sorensen, "Computing a trust region step", SIAM J. Sci. Stat. Comput. 4 (1983) 553;
/// Nocedal & Wright, *Numerical Optimization*, Algorithm 4.3). λ is found by Newton's method on
/// the secular equation 1/‖p(λ)‖ = 1/Δ, whose derivative needs ‖q‖² = pᵀ(M + λI)⁻¹p; λ values
/// where the factorisation fails raise a lower bound that keeps the iteration in the positive
/// definite range. The "hard case" (g̃ orthogonal to the lowest eigenvector) is not refined: the
/// step then stops short of the boundary, which still decreases the model.
struct TrustRegionStep {
    /// The step in scaled variables, aligned with the inner parameters.
    var step: [Double]
    /// The shift λ used; 0 for the full Newton step.
    var shift: Double

    /// Solves the subproblem; `factorize(λ)` returns the factor of M + λI, nil if not positive
    /// definite. `newton` is the factor at λ = 0 when it exists.
    static func solve(
        gradient: [Double], radius: Double, diagonal: [Double], newton: ShiftedHessianFactor?,
        factorize: (Double) -> ShiftedHessianFactor?
    ) -> TrustRegionStep {
        let minusGradient = gradient.map { -$0 }
        if let newton {
            let step = newton.solve(minusGradient)
            if norm(step) <= radius { return TrustRegionStep(step: step, shift: 0) }
        }
        // A first positive-definite shift: M + λI is positive definite once λ exceeds the
        // largest Gershgorin-free guess −min M_ii; double until the factorisation succeeds.
        var lower = 0.0
        let largest = diagonal.map(abs).max() ?? 1
        var lambda = newton != nil ? 0 : max(0, -(diagonal.min() ?? 0)) + 1e-8 * max(1, largest)
        var factor = newton
        var attempts = 0
        while factor == nil {
            lower = lambda
            lambda = max(2 * lambda, 1e-8 * max(1, largest))
            factor = factorize(lambda)
            attempts += 1
            if attempts > 200 { break }
        }
        guard var current = factor else {
            // Numerically hopeless: a steepest-descent step to the boundary.
            let g = norm(gradient)
            return TrustRegionStep(step: minusGradient.map { $0 * radius / max(g, .leastNormalMagnitude) }, shift: .infinity)
        }
        var step = current.solve(minusGradient)
        for _ in 0..<40 {
            let length = norm(step)
            if abs(length - radius) <= 0.1 * radius || (lambda == 0 && length <= radius) { break }
            let w = current.solve(step)
            let qSquared = zip(step, w).reduce(0) { $0 + $1.0 * $1.1 }
            var next = lambda + (length * length / qSquared) * (length - radius) / radius
            if !(next > lower) { next = 0.5 * (lower + lambda) }
            var trial = factorize(next)
            var halvings = 0
            while trial == nil && halvings < 60 {
                lower = next
                next = 0.5 * (lower + lambda)
                trial = factorize(next)
                halvings += 1
            }
            guard let accepted = trial else { break }
            lambda = next
            current = accepted
            step = current.solve(minusGradient)
        }
        let length = norm(step)
        if length > radius { step = step.map { $0 * radius / length } }
        return TrustRegionStep(step: step, shift: lambda)
    }

    static func norm(_ v: [Double]) -> Double {
        v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
