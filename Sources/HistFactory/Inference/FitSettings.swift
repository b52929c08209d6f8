import GSL

/// Starting point, bounds and fixed parameters of a fit (pyhf `init_pars`, `par_bounds`,
/// `fixed_params`); by default the model's suggestions.
public struct FitSettings: Sendable {
    public var initialValues: [Double]
    public var bounds: [Bounds]
    public var fixed: [Bool]

    public init(initialValues: [Double], bounds: [Bounds], fixed: [Bool]) {
        self.initialValues = initialValues
        self.bounds = bounds
        self.fixed = fixed
    }

    /// The model's suggested inits, bounds and fixed flags.
    public init(model: Model) {
        self.init(initialValues: model.suggestedInit, bounds: model.suggestedBounds, fixed: model.suggestedFixed)
    }

    /// The same settings with parameter `index` held at `value`.
    public func holding(_ index: Int, at value: Double) -> FitSettings {
        var copy = self
        copy.initialValues[index] = value
        copy.fixed[index] = true
        return copy
    }
}

/// How a fit ended: what every caller passes on, so that no physics number from an unconverged
/// fit is printed without saying so.
public struct FitStatus: Sendable, Equatable {
    /// True when the estimated distance to the minimum fell below the tolerance
    /// (EDM < 10⁻⁸ in −log L) with every parameter held at a bound pushed outward by the gradient.
    public var converged: Bool
    /// The estimated distance to the minimum, ½ gᵀH⁻¹g over the free parameters not held at a
    /// bound, in units of −log L (MINUIT's EDM); infinite when that Hessian is not positive definite.
    public var edm: Double
    /// Trust-region iterations, summed over every start.
    public var iterations: Int
    /// Minimisations started beyond the first (other starting points tried because the first
    /// result was doubtful, see ``Model/fit(data:settings:computeUncertainties:warmStarts:globalSearch:)``).
    public var restarts: Int
    /// Free parameters that end on a bound of theirs (flat indices).
    public var parametersAtBound: [Int]

    public init(converged: Bool, edm: Double, iterations: Int, restarts: Int, parametersAtBound: [Int]) {
        self.converged = converged
        self.edm = edm
        self.iterations = iterations
        self.restarts = restarts
        self.parametersAtBound = parametersAtBound
    }
}

/// The outcome of a maximum-likelihood fit.
public struct FitResult: Sendable {
    /// θ̂, all parameters (fixed ones at their held values).
    public var parameters: [Double]
    /// √[H⁻¹]_ii from the analytic Hessian over the free parameters; 0 for fixed parameters,
    /// NaN when the Hessian is not positive definite.
    public var uncertainties: [Double]
    /// H⁻¹ over all parameters (rows and columns of fixed parameters are 0); nil when the
    /// Hessian is not positive definite.
    public var covariance: Matrix?
    /// −2 log L(θ̂).
    public var twiceNLL: Double
    public var status: FitStatus

    /// Shorthand for `status.converged`.
    public var converged: Bool { status.converged }

    /// The correlation matrix ρ_ij = C_ij / (σ_i σ_j), nil without a covariance.
    public var correlation: Matrix? {
        guard var result = covariance else { return nil }
        for i in 0..<result.rows {
            for j in 0..<result.columns {
                let scale = (covariance![i, i] * covariance![j, j]).squareRoot()
                result[i, j] = scale > 0 ? covariance![i, j] / scale : (i == j ? 1 : 0)
            }
        }
        return result
    }
}
