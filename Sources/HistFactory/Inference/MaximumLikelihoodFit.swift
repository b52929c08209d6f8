import ChunkedWork
import GSL

extension Model {
    /// The maximum-likelihood estimate θ̂ = argmin −2 log L(θ | data) within the bounds, with the
    /// fixed parameters held at their initial values.
    ///
    /// Each minimisation is a trust-region Newton iteration with the analytic Hessian in scaled
    /// variables, with bounds as an active set (``TrustRegionNewton``). The fit starts from the
    /// settings' initial values and from `warmStarts` (e.g. the unconditional fit, for a
    /// conditional one, or minima that earlier fits to the same data found) and keeps the lowest
    /// minimum. A result is *doubtful* when it did not converge, ends with a free parameter on a
    /// bound, has a Hessian that is not positive definite, or has free parameters with kinked
    /// interpolation (code0, code1: a local minimum may sit on each side of a kink) or with weak
    /// constraints (see ``weaklyConstrainedParameters(_:)``). A doubtful fit restarts from more
    /// points (``restartPoints(around:settings:)``), probes each weakly constrained parameter at
    /// its bounds, and, on models with weak constraints or when still unconverged, tries
    /// ``randomRestarts`` seeded random starts. Without `globalSearch` (a fit whose warm starts
    /// already cover the basins that an earlier global search found) only an unconverged result
    /// restarts, and without the random starts. Restarts run on all cores; the
    /// lowest minimum wins, ties going to the earlier start, so the result does not depend on the
    /// number of cores. Uncertainties come from the inverse Hessian over the free parameters.
    public func fit(
        data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = true,
        warmStarts: [[Double]] = [], globalSearch: Bool = true
    ) -> FitResult {
        let settings = settings ?? FitSettings(model: self)
        // The fitter's products are small (globals × bins); OpenBLAS's threads would only spin.
        BLAS.runOnCallingThread()
        let minimizer = TrustRegionNewton(model: self, data: data, settings: settings, structure: worthwhileStructure(settings.fixed))
        var iterations = 0, restarts = 0
        var best: TrustRegionNewton.Minimum?
        /// Runs the searches concurrently and keeps the lowest minimum (the earlier on ties).
        func run(_ searches: [(inout TrustRegionNewton) -> TrustRegionNewton.Minimum]) {
            var outcomes = [(TrustRegionNewton.Minimum, Int)?](repeating: nil, count: searches.count)
            outcomes.withUnsafeMutableBufferPointer { slots in
                nonisolated(unsafe) let slots = slots
                FixedChunks(total: searches.count, size: 1).forEach(concurrently: searches.count > 1) { k, _ in
                    var local = minimizer
                    let minimum = searches[k](&local)
                    slots[k] = (minimum, local.iterations)
                }
            }
            for case let (candidate, count)? in outcomes {
                iterations += count
                guard let current = best else { best = candidate; continue }
                let tolerance = 1e-10 * max(1, abs(current.value))
                if candidate.value.isFinite && (!current.value.isFinite || candidate.value < current.value - tolerance
                    || (candidate.converged && !current.converged && candidate.value <= current.value + tolerance)) {
                    best = candidate
                }
            }
        }
        func from(_ start: [Double]) -> (inout TrustRegionNewton) -> TrustRegionNewton.Minimum {
            { $0.minimum(from: start) }
        }
        run([from(settings.initialValues)] + warmStarts.map(from))
        restarts = warmStarts.count
        let weak = weaklyConstrainedParameters(settings)
        if globalSearch ? isDoubtful(best!, settings: settings, weaklyConstrained: weak) : !best!.converged {
            var searches = restartPoints(around: best!.parameters, settings: settings).map(from)
            // Probe each weakly constrained γ at its bounds: minimise with it held there first
            // (so that the other parameters settle around it), then release it.
            for i in weak {
                for end in [settings.bounds[i].upper, settings.bounds[i].lower] {
                    var start = best!.parameters
                    start[i] = end
                    let held = settings.holding(i, at: end)
                    searches.append { minimizer in
                        var probe = TrustRegionNewton(model: self, data: data, settings: held, structure: minimizer.structure)
                        let settled = probe.minimum(from: start)
                        minimizer.iterations += probe.iterations
                        return minimizer.minimum(from: settled.parameters)
                    }
                }
            }
            if globalSearch && (!weak.isEmpty || !best!.converged) {
                searches += randomStarts(count: Self.randomRestarts, settings: settings, seed: 20_191_204).map(from)
            }
            restarts += searches.count
            run(searches)
        }
        let minimum = best!
        let twiceNLL = 2 * negativeLogLikelihood(minimum.parameters, data: data, order: 0).value
        var result = FitResult(
            parameters: minimum.parameters, uncertainties: Array(repeating: 0, count: parameterCount), covariance: nil,
            twiceNLL: twiceNLL,
            status: FitStatus(
                converged: minimum.converged, edm: minimum.edm, iterations: iterations, restarts: restarts,
                parametersAtBound: minimizer.free.filter { !settings.bounds[$0].interiorContains(minimum.parameters[$0]) }
            )
        )
        if computeUncertainties { result.addUncertainties(model: self, data: data, free: minimizer.free, structure: minimizer.structure) }
        return result
    }

    /// The conditional fit θ̂̂(μ) with the parameter of interest held at `poiValue`
    /// (pyhf `fixed_poi_fit`), started from the initial values and from `warmStarts` (their POI
    /// replaced by `poiValue`).
    public func fixedPOIFit(
        poiValue: Double, data: [Double], settings: FitSettings? = nil, computeUncertainties: Bool = false,
        warmStarts: [[Double]] = [], globalSearch: Bool = true
    ) -> FitResult {
        let settings = (settings ?? FitSettings(model: self)).holding(poiIndex, at: poiValue)
        let starts = warmStarts.map { start -> [Double] in
            var start = start
            start[poiIndex] = poiValue
            return start
        }
        return fit(data: data, settings: settings, computeUncertainties: computeUncertainties, warmStarts: starts, globalSearch: globalSearch)
    }

    /// Seeded random starts tried by a doubtful fit on a model with weakly constrained parameters.
    static let randomRestarts = 24

    /// The Hessian's block structure when block elimination pays off with these fixed flags.
    func worthwhileStructure(_ fixed: [Bool]) -> HessianStructure? {
        hessianStructure.flatMap { $0.isWorthUsing(for: fixed.indices.filter { !fixed[$0] }) ? $0 : nil }
    }

    private func isDoubtful(_ minimum: TrustRegionNewton.Minimum, settings: FitSettings, weaklyConstrained: [Int]) -> Bool {
        !minimum.converged || !minimum.edm.isFinite || kinkedParameters.contains { !settings.fixed[$0] }
            || !weaklyConstrained.isEmpty
            || (0..<parameterCount).contains { !settings.fixed[$0] && !settings.bounds[$0].interiorContains(minimum.parameters[$0]) }
    }

    /// Free scale factors γ (nominal 1) whose constraint hardly holds them: a Poisson constraint
    /// with τ ≤ 1 (a shapesys uncertainty at least as large as its nominal yield) or a Gaussian
    /// one with σ ≥ 1. The likelihood along such a γ can have a second minimum anywhere within its
    /// bounds (seen on the published eRJR likelihood: a γ with τ = 0.06 whose lower minimum sits on
    /// its upper bound, 2.4 units of −2 log L below the one near 1).
    func weaklyConstrainedParameters(_ settings: FitSettings) -> [Int] {
        var result: [Int] = []
        for set in parameterSets {
            for (k, i) in set.indices.enumerated() where !settings.fixed[i] {
                switch set.constraint {
                case .unconstrained: continue
                case let .poisson(factors): if factors[k] <= 1 { result.append(i) }
                case let .gaussian(sigmas): if sigmas[k] >= 1 && set.inits[k] == 1 { result.append(i) }
                }
            }
        }
        return result
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
        guard free.count < model.parameterCount else {
            // Nothing fixed: the inverse is already the full covariance (no second copy).
            for i in free { uncertainties[i] = inverse[i, i].squareRoot() }
            covariance = inverse
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
