import ChunkedWork
import GSL

/// The impact of each nuisance parameter on the parameter of interest, as cabinetry's
/// `fit.ranking` defines it: with the parameter held at θ̂ ± Δθ and every other parameter refitted,
/// the shift of the POI's best fit, μ̂(θ held) − μ̂. Pre-fit impacts take Δθ from the prior width
/// (σ of a Gaussian constraint, 1/√τ of a Poisson one; 0 for unconstrained parameters, whose
/// pre-fit impacts are then 0), post-fit impacts from the fit's uncertainty. The POI and the
/// fixed parameters are not ranked. Entries come sorted by the larger post-fit impact, largest
/// first (cabinetry's plot order).
public struct ImpactRanking: Sendable {
    public struct Entry: Sendable {
        /// Flat parameter index and name.
        public var index: Int
        public var name: String
        public var bestFit: Double
        /// The post-fit uncertainty Δθ.
        public var uncertainty: Double
        /// The prior width, nil when unconstrained.
        public var priorWidth: Double?
        /// Shifts of μ̂ with the parameter at θ̂ + width and θ̂ − width (pre-fit: prior width).
        public var prefitUp: Double
        public var prefitDown: Double
        public var postfitUp: Double
        public var postfitDown: Double
        /// The refits behind the impacts that did not converge.
        public var unconvergedRefits: Int

        /// The largest |impact| after the fit, which orders the ranking.
        public var postfitMagnitude: Double { max(abs(postfitUp), abs(postfitDown)) }
    }

    public var poiName: String
    public var bestFitPOI: Double
    public var entries: [Entry]
}

extension Model {
    /// The prior width of each parameter (σ, or 1/√τ for Poisson constraints, pyhf `width()`),
    /// nil for unconstrained parameters.
    public var priorWidths: [Double?] {
        var widths = [Double?](repeating: nil, count: parameterCount)
        for set in parameterSets {
            guard let setWidths = set.widths else { continue }
            for (k, i) in set.indices.enumerated() { widths[i] = setWidths[k] }
        }
        return widths
    }

    /// The impact ranking of every free nuisance parameter around `fit` (a converged fit of `data`
    /// with `settings`, with uncertainties). The 4 refits of each parameter start from θ̂ and run
    /// on all cores, parameters in chunks of one.
    public func impactRanking(data: [Double], fit: FitResult, settings: FitSettings? = nil) -> ImpactRanking {
        let settings = settings ?? FitSettings(model: self)
        let widths = priorWidths
        let ranked = (0..<parameterCount).filter { $0 != poiIndex && !settings.fixed[$0] }
        let muHat = fit.parameters[poiIndex]
        var entries = [ImpactRanking.Entry?](repeating: nil, count: ranked.count)
        entries.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            FixedChunks(total: ranked.count, size: 1).forEach(concurrently: ranked.count > 1) { k, _ in
                let index = ranked[k]
                let theta = fit.parameters[index]
                var unconverged = 0
                func impact(_ shift: Double) -> Double {
                    guard shift != 0, shift.isFinite else { return 0 }
                    var start = fit.parameters
                    start[index] = theta + shift
                    let refit = self.fit(data: data, settings: settings.holding(index, at: theta + shift), computeUncertainties: false,
                                         warmStarts: [start], globalSearch: false)
                    if !refit.converged { unconverged += 1 }
                    return refit.parameters[poiIndex] - muHat
                }
                let prior = widths[index] ?? 0, post = fit.uncertainties[index]
                slots[k] = ImpactRanking.Entry(
                    index: index, name: parameterNames[index], bestFit: theta, uncertainty: post, priorWidth: widths[index],
                    prefitUp: impact(prior), prefitDown: impact(-prior), postfitUp: impact(post), postfitDown: impact(-post),
                    unconvergedRefits: unconverged
                )
            }
        }
        let sorted = entries.map { $0! }.enumerated().sorted { a, b in
            a.element.postfitMagnitude != b.element.postfitMagnitude ? a.element.postfitMagnitude > b.element.postfitMagnitude : a.offset < b.offset
        }.map(\.element)
        return ImpactRanking(poiName: poiName, bestFitPOI: muHat, entries: sorted)
    }
}
