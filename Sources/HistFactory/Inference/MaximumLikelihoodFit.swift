import Foundation
import GSL

extension Model {
    /// The maximum-likelihood estimate θ̂ = argmin −2 log L(θ | data) within the bounds, with the
    /// fixed parameters held at their initial values.
    ///
    /// Method: GSL's BFGS (`vector_bfgs2`) with the analytic gradient on internal variables
    /// u ↦ θ = a + (b − a)(sin u + 1)/2 that map the real line onto each box [a, b] (the
    /// transformation MINUIT uses for bounded parameters), then Newton steps with the analytic
    /// Hessian on the parameters not held at a bound, which take the gradient to machine
    /// precision. Uncertainties come from the inverse Hessian over the free parameters.
    ///
    /// With code0/code1 interpolation the likelihood is only piecewise smooth and can have a local
    /// minimum on each side of a kink; the fit then restarts from the mirror image of each kinked
    /// parameter and keeps the lowest minimum.
    public func fit(data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = true) -> FitResult {
        let settings = settings ?? FitSettings(model: self)
        var minimizer = BoundedMinimizer(model: self, data: data, settings: settings)
        var best = minimizer.minimum(from: settings.initialValues)
        let kinked = minimizer.free.filter { kinkedParameters.contains($0) }
        for _ in 0..<(kinked.isEmpty ? 0 : 2) {
            var improved = false
            for i in kinked {
                var start = best.theta
                let mirrored = abs(start[i]) >= 0.2 ? -start[i] : (start[i] > 0 ? -0.5 : 0.5)
                start[i] = min(settings.bounds[i].upper, max(settings.bounds[i].lower, mirrored))
                let candidate = minimizer.minimum(from: start)
                if candidate.value < best.value - 1e-9 * max(1, abs(best.value)) {
                    best = candidate
                    improved = true
                }
            }
            if !improved { break }
        }
        var result = FitResult(
            parameters: best.theta, uncertainties: Array(repeating: 0, count: parameterCount), covariance: nil,
            twiceNLL: 2 * negativeLogLikelihood(best.theta, data: data, order: 0).value, converged: best.converged, gradientNorm: best.gradientNorm,
            iterations: minimizer.iterations
        )
        if computeUncertainties { result.addUncertainties(model: self, data: data, free: minimizer.free) }
        return result
    }

    /// The conditional fit θ̂̂(μ) with the parameter of interest held at `poiValue`
    /// (pyhf `fixed_poi_fit`).
    public func fixedPOIFit(poiValue: Double, data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = false) -> FitResult {
        let settings = (settings ?? FitSettings(model: self)).holding(poiIndex, at: poiValue)
        return fit(data: data, settings: settings, computeUncertainties: computeUncertainties)
    }
}

extension FitResult {
    mutating func addUncertainties(model: Model, data: [Double], free: [Int]) {
        let hessian = model.negativeLogLikelihood(parameters, data: data, order: 2).hessian!
        guard let inverse = try? hessian.submatrix(keeping: free).choleskyInverse() else {
            for i in free { uncertainties[i] = .nan }
            return
        }
        var full = Matrix(rows: model.parameterCount, columns: model.parameterCount)
        for (a, i) in free.enumerated() {
            for (b, j) in free.enumerated() { full[i, j] = inverse[a, b] }
            uncertainties[i] = inverse[a, a].squareRoot()
        }
        covariance = full
    }
}

/// BFGS in sine-transformed coordinates followed by a projected Newton polish.
struct BoundedMinimizer {
    let model: Model
    let data: [Double]
    let settings: FitSettings
    /// Indices of the parameters that are not fixed.
    let free: [Int]
    private(set) var iterations = 0

    static let gradientTolerance = 1e-10

    init(model: Model, data: [Double], settings: FitSettings) {
        self.model = model
        self.data = data
        self.settings = settings
        self.free = (0..<model.parameterCount).filter { !settings.fixed[$0] }
    }

    private static func toExternal(_ u: Double, _ bounds: Bounds) -> Double {
        bounds.lower + (bounds.upper - bounds.lower) * (Foundation.sin(u) + 1) / 2
    }

    private static func toInternal(_ x: Double, _ bounds: Bounds) -> Double {
        let scaled = 2 * (x - bounds.lower) / (bounds.upper - bounds.lower) - 1
        return Foundation.asin(min(1, max(-1, scaled)))
    }

    /// A local minimum from `start`: a coarse BFGS run (‖∇‖ < 1e-2, at most 30 iterations: near a bound the
    /// sine transformation makes the last stretch slow) that finds the basin, then projected Newton
    /// steps that converge quadratically and settle parameters on their bounds. Should Newton stall
    /// (a Hessian that is not positive definite far from the minimum), BFGS runs again to a tight
    /// tolerance before the last polish.
    mutating func minimum(from start: [Double]) -> (theta: [Double], value: Double, converged: Bool, gradientNorm: Double) {
        var theta = minimize(from: start, gradientTolerance: 1e-2, maxIterations: 30)
        var polished = polish(&theta)
        if !polished.converged {
            theta = minimize(from: theta, gradientTolerance: 1e-9, maxIterations: 2000)
            polished = polish(&theta)
        }
        let value = model.negativeLogLikelihood(theta, data: data, order: 0, includeConstants: false).value
        return (theta, value, polished.converged, polished.gradientNorm)
    }

    /// BFGS on the internal variables; returns the full parameter vector.
    private mutating func minimize(from initial: [Double], gradientTolerance: Double, maxIterations: Int) -> [Double] {
        var theta = initial
        guard !free.isEmpty else { return theta }
        let start = free.map { Self.toInternal(theta[$0], settings.bounds[$0]) }
        let (model, data, free, bounds, base) = (self.model, self.data, self.free, settings.bounds, theta)
        let result = Minimizer.minimize(start: start, gradientTolerance: gradientTolerance, maxIterations: maxIterations, initialStep: 0.05) { u, gradient in
            var x = base
            for (k, i) in free.enumerated() {
                x[i] = BoundedMinimizer.toExternal(u[k], bounds[i])
            }
            let nll = model.negativeLogLikelihood(x, data: data, order: 1, includeConstants: false)
            guard nll.value.isFinite else {
                for k in gradient.indices { gradient[k] = 0 }
                return .greatestFiniteMagnitude
            }
            for (k, i) in free.enumerated() {
                gradient[k] = nll.gradient[i] * (bounds[i].upper - bounds[i].lower) * Foundation.cos(u[k]) / 2
            }
            return nll.value
        }
        iterations += result.iterations
        for (k, i) in free.enumerated() { theta[i] = Self.toExternal(result.x[k], bounds[i]) }
        return theta
    }

    /// Newton steps on the parameters away from their bounds and kinks, with backtracking so that
    /// −log L never increases. Returns whether the projected gradient reached the tolerance.
    private mutating func polish(_ theta: inout [Double]) -> (converged: Bool, gradientNorm: Double) {
        var current = model.negativeLogLikelihood(theta, data: data, order: 2, includeConstants: false)
        var inner = free
        for _ in 0..<50 {
            current = snapToKinks(&theta, current)
            let held = free.filter { isHeldAtBound($0, theta[$0], current.gradient[$0]) || isTrappedInKink($0, theta, current) }
            for i in held where model.kinkedParameters.contains(i) == false || theta[i] != 0 {
                theta[i] = current.gradient[i] > 0 ? settings.bounds[i].lower : settings.bounds[i].upper
            }
            inner = free.filter { !held.contains($0) }
            if inner.map({ abs(current.gradient[$0]) }).max() ?? 0 < Self.gradientTolerance { break }
            guard let step = newtonStep(theta, current, inner) else { break }
            var scale = 1.0
            var accepted = false
            while scale > 1e-6 {
                var trial = theta
                for (k, i) in inner.enumerated() {
                    trial[i] = min(settings.bounds[i].upper, max(settings.bounds[i].lower, theta[i] + scale * step[k]))
                }
                let candidate = model.negativeLogLikelihood(trial, data: data, order: 2, includeConstants: false)
                if candidate.value.isFinite && candidate.value <= current.value + 1e-12 * abs(current.value) {
                    theta = trial
                    current = candidate
                    accepted = true
                    break
                }
                scale /= 2
            }
            iterations += 1
            if !accepted { break }
        }
        let norm = inner.map { abs(current.gradient[$0]) }.max() ?? 0
        return (norm < 1e-6, norm)
    }

    /// The Newton step δ for the parameters `inner` (aligned with it) that minimises the local
    /// quadratic model within the box: a parameter whose step would leave its box is moved to the
    /// bound instead, and the others are re-solved with that displacement held,
    /// δ_m = −H_mm⁻¹ (g_m + H_mc δ_c). Nil when H_mm is not positive definite.
    private func newtonStep(_ theta: [Double], _ current: LikelihoodDerivatives, _ inner: [Int]) -> [Double]? {
        let hessian = current.hessian!
        var displacement = [Int: Double]()
        var movable = inner
        while true {
            guard let inverse = try? hessian.submatrix(keeping: movable).choleskyInverse() else { return nil }
            let rhs = movable.map { m in
                -(current.gradient[m] + displacement.reduce(0) { $0 + hessian[m, $1.key] * $1.value })
            }
            let step = inverse.multiply(rhs)
            var crossing = false
            for (k, i) in movable.enumerated() {
                let target = theta[i] + step[k]
                let bounds = settings.bounds[i]
                if target < bounds.lower || target > bounds.upper {
                    displacement[i] = (target < bounds.lower ? bounds.lower : bounds.upper) - theta[i]
                    crossing = true
                }
            }
            if !crossing || movable.allSatisfy({ displacement[$0] != nil }) {
                let solved = Dictionary(uniqueKeysWithValues: zip(movable, step))
                return inner.map { displacement[$0] ?? solved[$0]! }
            }
            movable.removeAll { displacement[$0] != nil }
        }
    }

    /// Puts kinked parameters that BFGS left within 1e-6 of their kink onto it, so the kink test
    /// below can see both one-sided slopes.
    private func snapToKinks(_ theta: inout [Double], _ current: LikelihoodDerivatives) -> LikelihoodDerivatives {
        let near = free.filter { model.kinkedParameters.contains($0) && theta[$0] != 0 && abs(theta[$0]) < 1e-6 }
        guard !near.isEmpty else { return current }
        var trial = theta
        for i in near { trial[i] = 0 }
        let candidate = model.negativeLogLikelihood(trial, data: data, order: 2, includeConstants: false)
        guard candidate.value <= current.value + 1e-12 * abs(current.value) else { return current }
        theta = trial
        return candidate
    }

    /// A kinked parameter at 0 whose one-sided slopes both point into the kink: the minimum in
    /// that direction is the kink itself. At α = 0 the interpolation uses its lower branch, so
    /// `current` holds the left slope; the right slope is evaluated just above 0.
    private func isTrappedInKink(_ i: Int, _ theta: [Double], _ current: LikelihoodDerivatives) -> Bool {
        guard model.kinkedParameters.contains(i), theta[i] == 0, current.gradient[i] <= 0 else { return false }
        var right = theta
        right[i] = .leastNormalMagnitude
        return model.negativeLogLikelihood(right, data: data, order: 1, includeConstants: false).gradient[i] >= 0
    }

    /// A parameter at (or within 1e-9 of the width of) a bound, pushed outward by the gradient.
    private func isHeldAtBound(_ i: Int, _ x: Double, _ gradient: Double) -> Bool {
        let bounds = settings.bounds[i]
        let margin = 1e-9 * (bounds.upper - bounds.lower)
        return (x - bounds.lower <= margin && gradient > 0) || (bounds.upper - x <= margin && gradient < 0)
    }
}
