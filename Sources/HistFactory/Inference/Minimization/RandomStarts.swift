import Foundation
import GSL

extension Model {
    /// Seeded starting points scattered over the prior, for the restarts of a doubtful fit on a
    /// model whose likelihood can have several minima (the published eRJR likelihood has minima
    /// 2.4 units of −2 log L apart, in basins where a dozen systematics sit a standard deviation or
    /// more from the nominal). Drawn as the pinned reference generator draws them
    /// (`fixtures/published/bestfit.py`):
    ///
    /// - Gaussian-constrained shifts α (initial value 0): α₀ + N(0, σ);
    /// - scale factors γ (constrained, initial value 1): γ₀ + N(0, 2·width), and a weakly
    ///   constrained γ (width > 0.3) on its lower or upper bound with probability ⅓ each;
    /// - the POI uniform on [lower, min(upper, lower + 10)]; other free normalisations
    ///   max(init, 0.1)·exp(N(0, 0.5²));
    ///
    /// clamped to the bounds, fixed parameters kept. The stream is seeded by `seed`, so a fit
    /// gives the same result on every run.
    func randomStarts(count: Int, settings: FitSettings, seed: UInt) -> [[Double]] {
        let stream = RandomStream(seed: seed)
        let initial = settings.initialValues
        return (0..<count).map { _ in
            var start = initial
            for set in parameterSets {
                for (k, i) in set.indices.enumerated() {
                    let bounds = settings.bounds[i]
                    switch set.constraint {
                    case .unconstrained where i == poiIndex:
                        start[i] = bounds.lower + stream.uniform() * (min(bounds.upper, bounds.lower + 10) - bounds.lower)
                    case .unconstrained:
                        start[i] = max(initial[i], 0.1) * Foundation.exp(stream.gaussian(sigma: 0.5))
                    case .gaussian, .poisson:
                        let width = set.widths![k]
                        if initial[i] == 0 {
                            start[i] = stream.gaussian(sigma: width)
                        } else {
                            start[i] = initial[i] + stream.gaussian(sigma: 2 * width)
                            let u = stream.uniform()
                            if width > 0.3 && bounds.lower >= 0 { start[i] = u < 1.0 / 3 ? bounds.lower : (u > 2.0 / 3 ? bounds.upper : start[i]) }
                        }
                    }
                    if !settings.fixed[i] { start[i] = bounds.clamp(start[i]) } else { start[i] = initial[i] }
                }
            }
            return start
        }
    }
}
