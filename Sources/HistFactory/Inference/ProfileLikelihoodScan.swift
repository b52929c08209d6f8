import GSL

/// The profile likelihood of the POI: 2Δ NLL(μ) = −2 log L(μ, θ̂̂) + 2 log L(μ̂, θ̂), with the
/// 68% interval where 2Δ NLL = 1 (Wilks, one degree of freedom).
public struct ProfileLikelihoodScan: Sendable {
    public var poiName: String
    public var muHat: Double
    public var twiceNLLMinimum: Double
    /// [lower, upper] where 2ΔNLL = 1; an end stays at the POI bound if the curve does not reach 1
    /// before it (see `lowerEndAtBound`, `upperEndAtBound`).
    public var interval: (lower: Double, upper: Double)
    public var lowerEndAtBound: Bool
    public var upperEndAtBound: Bool
    /// (μ, 2ΔNLL) on the scan grid.
    public var points: [(mu: Double, twiceDeltaNLL: Double)]
    /// The free fit and every conditional fit of the scan and the interval search, with status.
    public var fits: [FitRecord]
}

extension Model {
    /// Scans the profile likelihood on `points` values of the POI across `range` (by default the
    /// 68% interval widened by half its width on each side, within the POI bounds) and solves
    /// 2ΔNLL = 1 on both sides of μ̂ with Brent's method.
    public func profileLikelihoodScan(
        data: [Double], settings: FitSettings? = nil, points: Int = 41, range: ClosedRange<Double>? = nil
    ) throws -> ProfileLikelihoodScan {
        let poi = poiIndex
        let settings = settings ?? FitSettings(model: self)
        let bounds = settings.bounds[poi]
        if let range, !(bounds.contains(range.lowerBound) && bounds.contains(range.upperBound)) {
            throw WorkspaceError(at: "scan range", "\(range) leaves the bounds [\(bounds.lower), \(bounds.upper)] of '\(parameterNames[poi])'")
        }
        let best = fit(data: data, settings: settings)
        let muHat = best.parameters[poi]
        var fits = [FitRecord(name: "free fit", status: best.status)]
        let memory = MinimaMemory()
        memory.remember(best, poiIndex: poi)
        func twiceDelta(_ mu: Double) -> Double {
            let conditional = fixedPOIFit(
                poiValue: mu, data: data, settings: settings, warmStarts: memory.starts, globalSearch: memory.claimGlobalSearch()
            )
            memory.remember(conditional, poiIndex: poi)
            fits.append(FitRecord(name: "fit of \(parameterNames[poi]) = \(mu)", status: conditional.status))
            return conditional.twiceNLL - best.twiceNLL
        }
        let sigma = best.uncertainties[poi].isFinite && best.uncertainties[poi] > 0
            ? best.uncertainties[poi] : 0.1 * (bounds.upper - bounds.lower)

        func intervalEnd(direction: Double) throws -> (Double, atBound: Bool) {
            let limit = direction > 0 ? bounds.upper : bounds.lower
            var inner = muHat, outer = muHat + direction * sigma
            while true {
                if direction * (outer - limit) >= 0 {
                    outer = limit
                    if twiceDelta(limit) < 1 { return (limit, true) }
                    break
                }
                if twiceDelta(outer) >= 1 { break }
                inner = outer
                outer = muHat + 2 * (outer - muHat)
            }
            let (lo, hi) = direction > 0 ? (inner, outer) : (outer, inner)
            do {
                let root = try RootFinder.brent(lower: lo, upper: hi, absoluteTolerance: 1e-10, relativeTolerance: 1e-10) { mu in
                    twiceDelta(mu) - 1
                }
                return (root, false)
            } catch {
                throw WorkspaceError(at: "profile scan of '\(parameterNames[poi])'", "\(error)")
            }
        }
        let (lower, lowerAtBound) = try intervalEnd(direction: -1)
        let (upper, upperAtBound) = try intervalEnd(direction: +1)
        let width = upper - lower
        let grid = range ?? max(bounds.lower, lower - width / 2)...min(bounds.upper, upper + width / 2)
        let count = max(points, 2)
        let scanPoints = (0..<count).map { k -> (mu: Double, twiceDeltaNLL: Double) in
            let mu = grid.lowerBound + (grid.upperBound - grid.lowerBound) * Double(k) / Double(count - 1)
            return (mu, twiceDelta(mu))
        }
        return ProfileLikelihoodScan(
            poiName: parameterNames[poi], muHat: muHat, twiceNLLMinimum: best.twiceNLL,
            interval: (lower, upper), lowerEndAtBound: lowerAtBound, upperEndAtBound: upperAtBound, points: scanPoints,
            fits: fits
        )
    }
}
