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
    public func upperLimit(level alpha: Double = 0.05, tolerance: Double = 1e-9) throws -> UpperLimit {
        let poi = model.poiIndex
        var cache: [Double: HypotestResult] = [:]
        func result(_ mu: Double) -> HypotestResult {
            if let cached = cache[mu] { return cached }
            let computed = hypotest(poiValue: mu)
            cache[mu] = computed
            return computed
        }
        func values(_ mu: Double) -> [Double] {
            let r = result(mu)
            return [r.observed] + r.expectedBand
        }
        var low = max(settings.bounds[poi].lower, 0), high = settings.bounds[poi].upper
        if low == 0 { low = high * 1e-3 }
        for _ in 0..<60 where values(low).contains(where: { $0 < alpha }) { low /= 2 }
        for _ in 0..<60 where values(high).contains(where: { $0 > alpha }) { high *= 2 }
        guard !values(low).contains(where: { $0 < alpha }), !values(high).contains(where: { $0 > alpha }) else {
            throw WorkspaceError(at: "poi '\(model.parameterNames[poi])'", "cannot bracket CLs = \(alpha) between \(low) and \(high)")
        }
        func solve(_ curve: Int) throws -> Double {
            do {
                return try RootFinder.brent(lower: low, upper: high, absoluteTolerance: tolerance, relativeTolerance: tolerance) { mu in
                    values(mu)[curve] - alpha
                }
            } catch {
                throw WorkspaceError(at: "upper limit", "\(error)")
            }
        }
        let observed = try solve(0)
        let expected = try (1...5).map(solve)
        let fits = sharedFits + cache.keys.sorted().flatMap { cache[$0]!.fits.dropFirst(sharedFits.count) }
        return UpperLimit(observed: observed, expected: expected, fits: fits)
    }
}
