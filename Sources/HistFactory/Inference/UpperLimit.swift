import GSL

/// Observed and expected upper limits on the POI at confidence level 1 − α by the CLs method.
public struct UpperLimit: Sendable {
    public var observed: Double
    /// −2σ, −1σ, median, +1σ, +2σ.
    public var expected: [Double]
    /// Every fit the root finder's hypothesis tests made, with its status.
    public var fits: [FitRecord]
}

extension AsymptoticCalculator {
    /// Solves CLs(μ) = α for the observed CLs and each expected band with Brent's method,
    /// bracketing as pyhf's `toms748_scan` does: start from the POI bounds, halve the lower end
    /// and double the upper end until every curve crosses α.
    ///
    /// The expected CLs depend on μ only through q_A(μ) (see ``HypotestResult``), so the five
    /// expected curves need only the conditional fits to the Asimov data; the observed curve needs
    /// those to the data as well. Each curve's root is bracketed as tightly as the values already
    /// computed allow (the first sign change among them, from below), and Brent's method runs on
    /// the significance Z(μ) = Φ⁻¹(1 − CLs(μ)) − Φ⁻¹(1 − α), which has the same root but is
    /// nearly linear in μ (√q_A grows like μ/σ), so its interpolation lands in a few evaluations
    /// where CLs's Gaussian tail would need many; it stops once |Z| ≤ 10⁻¹² or the bracket is
    /// narrower than `tolerance` (relative).
    public func upperLimit(level alpha: Double = 0.05, tolerance: Double = 1e-9) throws -> UpperLimit {
        let poi = model.poiIndex
        var asimov: [Double: ProfiledTestStatistic] = [:], observed: [Double: ProfiledTestStatistic] = [:]
        func qA(_ mu: Double) -> ProfiledTestStatistic {
            if let cached = asimov[mu] { return cached }
            let computed = model.profiledTestStatistic(statistic, poiValue: mu, data: asimovData, settings: settings, freeFit: freeFitToAsimov, memory: asimovMinima)
            asimov[mu] = computed
            return computed
        }
        func q(_ mu: Double) -> ProfiledTestStatistic {
            if let cached = observed[mu] { return cached }
            let computed = model.profiledTestStatistic(statistic, poiValue: mu, data: data, settings: settings, freeFit: freeFitToData, memory: observedMinima)
            observed[mu] = computed
            return computed
        }
        /// CLs of curve 0 (observed) or 1…5 (expected −2σ … +2σ) at μ, computing only what it needs.
        func value(_ curve: Int, _ mu: Double) -> Double {
            let result = HypotestResult(statistic: statistic, poiValue: mu, observedStatistic: curve == 0 ? q(mu).value : .nan,
                                        asimovStatistic: qA(mu).value)
            return curve == 0 ? result.observed : result.expectedBand[curve - 1]
        }
        func values(_ mu: Double) -> [Double] { (0...5).map { value($0, mu) } }
        /// Φ⁻¹(1 − p), finite for every p in [0, 1].
        func significance(_ p: Double) -> Double { NormalDistribution.upperQuantile(min(max(p, 1e-300), 1 - 1e-16)) }
        var low = max(settings.bounds[poi].lower, 0), high = settings.bounds[poi].upper
        if low == 0 { low = high * 1e-3 }
        for _ in 0..<60 where values(low).contains(where: { $0 < alpha }) { low /= 2 }
        for _ in 0..<60 where values(high).contains(where: { $0 > alpha }) { high *= 2 }
        guard !values(low).contains(where: { $0 < alpha }), !values(high).contains(where: { $0 > alpha }) else {
            throw WorkspaceError(at: "poi '\(model.parameterNames[poi])'", "cannot bracket CLs = \(alpha) between \(low) and \(high)")
        }
        func solve(_ curve: Int) throws -> Double {
            // The POI values where this curve is already known, within [low, high].
            let known = (curve == 0 ? Array(observed.keys) : Array(asimov.keys)).filter { $0 >= low && $0 <= high }.sorted()
            var (lower, upper) = (low, high)
            for (a, b) in zip(known, known.dropFirst()) where value(curve, a) >= alpha && value(curve, b) < alpha {
                (lower, upper) = (a, b)
                break
            }
            do {
                return try RootFinder.brent(
                    lower: lower, upper: upper, absoluteTolerance: tolerance, relativeTolerance: tolerance, residualTolerance: 1e-12
                ) { mu in
                    significance(value(curve, mu)) - significance(alpha)
                }
            } catch {
                throw WorkspaceError(at: "upper limit", "\(error)")
            }
        }
        let observedLimit = try solve(0)
        let expected = try (1...5).map(solve)
        let name = model.poiName
        let fits = sharedFits + asimov.keys.sorted().flatMap { mu -> [FitRecord] in
            var records = [FitRecord(name: "fit of \(name) = \(mu) to the Asimov data", status: asimov[mu]!.conditionalFit.status)]
            if let q = observed[mu] { records.insert(FitRecord(name: "fit of \(name) = \(mu) to the observed data", status: q.conditionalFit.status), at: 0) }
            return records
        }
        return UpperLimit(observed: observedLimit, expected: expected, fits: fits)
    }
}
