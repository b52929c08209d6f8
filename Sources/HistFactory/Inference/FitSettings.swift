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
    /// True when the projected gradient vanished to the tolerance.
    public var converged: Bool
    /// Largest |∂(−log L)/∂θ_i| over free parameters not held at a bound.
    public var gradientNorm: Double
    public var iterations: Int

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
