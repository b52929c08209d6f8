import GSL

extension Model {
    /// The maximum-likelihood estimate θ̂ = argmin −2 log L(θ | data) within the bounds, with the
    /// fixed parameters held at their initial values.
    ///
    /// Each minimisation is a trust-region Newton iteration with the analytic Hessian in scaled
    /// variables, with bounds as an active set (``TrustRegionNewton``). It starts from the
    /// settings' initial values and from `warmStart` (e.g. the unconditional fit, for a
    /// conditional one) and keeps the lower minimum. A result is *doubtful* when it did not
    /// converge, ends with a free parameter on a bound, has a Hessian that is not positive
    /// definite, or has free parameters with kinked interpolation (code0, code1: a local minimum
    /// may sit on each side of a kink); the fit then restarts from more points (the POI spread over its range, the
    /// nuisance parameters reset to their initial values, and the mirror image of kinked
    /// parameters) and keeps the lowest minimum found. Uncertainties come from the inverse
    /// Hessian over the free parameters.
    public func fit(
        data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = true, warmStart: [Double]? = nil
    ) -> FitResult {
        let settings = settings ?? FitSettings(model: self)
        // The fitter's products are small (globals × bins); OpenBLAS's threads would only spin.
        BLAS.runOnCallingThread()
        var minimizer = TrustRegionNewton(model: self, data: data, settings: settings, structure: worthwhileStructure(settings.fixed))
        var best = minimizer.minimum(from: settings.initialValues)
        var restarts = 0
        func consider(_ start: [Double]) {
            restarts += 1
            let candidate = minimizer.minimum(from: start)
            if candidate.value.isFinite && (!best.value.isFinite || candidate.value < best.value - 1e-10 * max(1, abs(best.value))
                || (candidate.converged && !best.converged && candidate.value <= best.value + 1e-10 * max(1, abs(best.value)))) {
                best = candidate
            }
        }
        if let warmStart { consider(warmStart) }
        if isDoubtful(best, settings: settings) {
            for start in restartPoints(around: best.parameters, settings: settings) { consider(start) }
        }
        let twiceNLL = 2 * negativeLogLikelihood(best.parameters, data: data, order: 0).value
        var result = FitResult(
            parameters: best.parameters, uncertainties: Array(repeating: 0, count: parameterCount), covariance: nil,
            twiceNLL: twiceNLL,
            status: FitStatus(
                converged: best.converged, edm: best.edm, iterations: minimizer.iterations, restarts: restarts,
                parametersAtBound: minimizer.free.filter { !settings.bounds[$0].interiorContains(best.parameters[$0]) }
            )
        )
        if computeUncertainties { result.addUncertainties(model: self, data: data, free: minimizer.free, structure: minimizer.structure) }
        return result
    }

    /// The conditional fit θ̂̂(μ) with the parameter of interest held at `poiValue`
    /// (pyhf `fixed_poi_fit`), warm-started from `warmStart` (its POI replaced by `poiValue`) as
    /// well as from the initial values.
    public func fixedPOIFit(
        poiValue: Double, data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = false,
        warmStart: [Double]? = nil
    ) -> FitResult {
        let settings = (settings ?? FitSettings(model: self)).holding(poiIndex, at: poiValue)
        var start = warmStart
        start?[poiIndex] = poiValue
        return fit(data: data, settings: settings, computeUncertainties: computeUncertainties, warmStart: start)
    }

    /// The Hessian's block structure when block elimination pays off with these fixed flags.
    func worthwhileStructure(_ fixed: [Bool]) -> HessianStructure? {
        hessianStructure.flatMap { $0.isWorthUsing(for: fixed.indices.filter { !fixed[$0] }) ? $0 : nil }
    }

    private func isDoubtful(_ minimum: TrustRegionNewton.Minimum, settings: FitSettings) -> Bool {
        !minimum.converged || !minimum.edm.isFinite || kinkedParameters.contains { !settings.fixed[$0] }
            || (0..<parameterCount).contains { !settings.fixed[$0] && !settings.bounds[$0].interiorContains(minimum.parameters[$0]) }
    }

    /// Further starting points, in a fixed order: the initial values with the POI at 1%, 10%, 50%
    /// and 90% of its range; the best point so far with every nuisance parameter reset; and the
    /// best point with each kinked parameter mirrored to the other side of its kink.
    private func restartPoints(around best: [Double], settings: FitSettings) -> [[Double]] {
        var points: [[Double]] = []
        let poiBounds = settings.bounds[poiIndex]
        if !settings.fixed[poiIndex], poiBounds.lower.isFinite, poiBounds.upper.isFinite {
            for fraction in [0.01, 0.1, 0.5, 0.9] {
                var start = settings.initialValues
                start[poiIndex] = poiBounds.lower + fraction * (poiBounds.upper - poiBounds.lower)
                points.append(start)
            }
        }
        var reset = settings.initialValues
        reset[poiIndex] = best[poiIndex]
        points.append(reset)
        for i in kinkedParameters.sorted() where !settings.fixed[i] {
            var start = best
            start[i] = abs(best[i]) >= 0.2 ? -best[i] : (best[i] > 0 ? -0.5 : 0.5)
            points.append(start)
        }
        return points
    }
}

extension FitResult {
    /// Uncertainties and covariance from the inverse Hessian over the free parameters (through
    /// the block elimination of ``ShiftedHessianFactor`` for models with bin-local parameters).
    mutating func addUncertainties(model: Model, data: [Double], free: [Int], structure: HessianStructure?) {
        let hessian = model.negativeLogLikelihood(parameters, data: data, order: 2).hessian!
        let unit = [Double](repeating: 1, count: model.parameterCount)
        guard let factor = ShiftedHessianFactor(ScaledHessian(hessian: hessian, scale: unit, inner: free, structure: structure), shift: 0) else {
            for i in free { uncertainties[i] = .nan }
            return
        }
        let inverse = factor.inverse()
        var full = Matrix(rows: model.parameterCount, columns: model.parameterCount)
        for (a, i) in free.enumerated() {
            for (b, j) in free.enumerated() { full[i, j] = inverse[a, b] }
            uncertainties[i] = inverse[a, a].squareRoot()
        }
        covariance = full
    }
}

extension Bounds {
    /// Strictly inside the bounds (not on either).
    func interiorContains(_ x: Double) -> Bool { x > lower && x < upper }
}
