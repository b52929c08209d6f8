import _Differentiation
import HistFactory
import Objectives

/// The ttbar templates at a jet-energy-resolution scale r, from the sample's JER variations.
///
/// The files hold each process at the nominal resolution and with σ_JER × (1 ± δ), δ = 0.1, but
/// no jets, so events cannot be re-smeared. The expected histogram at resolution r·σ is instead
/// interpolated between the three, as HistFactory interpolates a histosys (code 4p, linear
/// beyond |α| = 1):
///
///     n(r) = I(α(r); n_jer_down, n_nominal, n_jer_up),   α(r) = (r − 1)/δ
///
/// The JER uncertainty stays a ±δ relative uncertainty on the resolution, so the nuisance's
/// templates move with r, to r(1 ± δ): up(r) = I(α(r(1 + δ))), down(r) = I(α(r(1 − δ))); at
/// r = 1 they are the files' variations. Every other variation of the process (JES, τ energy
/// scale) keeps its difference to the nominal: v(r) = v + n(r) − n. On r ∈ [0.9, 1.1], α spans
/// [−1, 1] and the nuisance's templates [−1.9, 2.1] (linear extrapolation outside [−1, 1]).
///
/// Only the processes with bin-by-bin JER templates move; a process that carries its shape
/// systematics as normalisation effects (too few simulated events) keeps its templates, and the
/// staterror uncertainties stay those of the nominal resolution.
public struct TtbarResolution: Sendable {
    /// δ: the files' JER variations are σ × (1 ± δ).
    public static let variation = 0.1
    /// Histogram indices (in ``TtbarWorkspace/histograms``) of one process.
    struct Process: Sendable {
        var nominal: Int
        var up: Int
        var down: Int
        var others: [Int]
    }

    let processes: [Process]
    let bins: Int

    /// The transformation of ``TtbarSoftTemplates/histograms(_:features:weights:varianceScale:)``
    /// with `bins` bins per histogram, moving the simulated processes not in `normalisationOnly`.
    public init(bins: Int, normalisationOnly: Set<TtbarProcess>) {
        let histograms = TtbarWorkspace.histograms
        func index(_ process: TtbarProcess, _ variation: TtbarVariation) -> Int {
            histograms.firstIndex { $0 == (process, variation) }!
        }
        processes = TtbarSystematics.simulated.filter { !normalisationOnly.contains($0) && TtbarSystematics.shapes(of: $0).contains(.jer) }.map { p in
            let jer: [TtbarVariation] = [.nominal, .jerUp, .jerDown]
            return Process(nominal: index(p, .nominal), up: index(p, .jerUp), down: index(p, .jerDown),
                           others: histograms.indices.filter { histograms[$0].process == p && !jer.contains(histograms[$0].variation) })
        }
        self.bins = bins
    }

    /// α of the resolution scale `scale`: (scale − 1)/δ.
    @differentiable(reverse)
    static func alpha(_ scale: Double) -> Double {
        (scale - 1) / variation
    }

    /// The histograms at resolution scale r (the entries beyond the histograms, staterror
    /// uncertainties, pass through).
    @differentiable(reverse, wrt: (source, r))
    public func callAsFunction(_ source: [Double], scale r: Double) -> [Double] {
        let (processes, bins) = withoutDerivative(at: (processes, bins))
        let delta = withoutDerivative(at: Self.variation)
        let alphas = [Self.alpha(r), Self.alpha(r * (1 + delta)), Self.alpha(r * (1 - delta))]
        var moved = source
        for p in processes {
            for b in 0..<bins {
                let (n, u, d) = (source[p.nominal * bins + b], source[p.up * bins + b], source[p.down * bins + b])
                let shift = DifferentiableInterpolation.value(.code4p, alphas[0], lo: d, nominal: n, hi: u) - n
                moved.accumulate(shift, at: p.nominal * bins + b)
                for o in p.others { moved.accumulate(shift, at: o * bins + b) }
                moved.accumulate(DifferentiableInterpolation.value(.code4p, alphas[1], lo: d, nominal: n, hi: u) - u, at: p.up * bins + b)
                moved.accumulate(DifferentiableInterpolation.value(.code4p, alphas[2], lo: d, nominal: n, hi: u) - d, at: p.down * bins + b)
            }
        }
        return moved
    }
}
