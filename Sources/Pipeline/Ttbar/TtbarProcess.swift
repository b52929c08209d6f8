/// The processes of the CMS ttbar → τh + jets benchmark (CMS TOP-11-004; Layer, Dorigo & Strong,
/// arXiv:2301.10358), named as the files of `notebooks-data/ttbar/sample`.
public enum TtbarProcess: String, CaseIterable, Codable, Sendable {
    /// ttbar with one W → τν, τ → hadrons, the other W → qq̄′: the signal.
    case signal = "ttbar_signal"
    /// Every other ttbar final state.
    case otherTtbar = "ttbar_other"
    case wJets = "wjets"
    /// QCD multijet, data-driven in the analysis: its normalisation floats in the fit.
    case qcd

    /// The expected yield in 3.9 fb⁻¹ of Layer et al.'s stored training run (reference notes
    /// §3.3: 348.5, 134, 64 (W/Z+jets), 2691 events in 4166 pb⁻¹ after undoing the 0.9
    /// down-sampling), scaled by 3900/4166. `--yields published` rescales the sample to these.
    public var publishedYield: Double {
        switch self {
        case .signal: 348.5 * 3900 / 4166
        case .otherTtbar: 134 * 3900 / 4166
        case .wJets: 64 * 3900 / 4166
        case .qcd: 2691 * 3900 / 4166
        }
    }
}

/// The detector variations of every process: the nominal sample and the shape systematics, each
/// with its features recomputed (notebooks-data/ttbar/README.md).
public enum TtbarVariation: String, CaseIterable, Codable, Sendable {
    case nominal
    case jesUp = "jes_up", jesDown = "jes_down"
    case jerUp = "jer_up", jerDown = "jer_down"
    case tauEnergyScaleUp = "taues_up", tauEnergyScaleDown = "taues_down"
}

/// A shape systematic: its up and down variations, and the name of its nuisance parameter.
public enum TtbarShapeSystematic: String, CaseIterable, Codable, Sendable {
    case jes, jer
    case tauEnergyScale = "taues"

    public var up: TtbarVariation {
        switch self {
        case .jes: .jesUp
        case .jer: .jerUp
        case .tauEnergyScale: .tauEnergyScaleUp
        }
    }

    public var down: TtbarVariation {
        switch self {
        case .jes: .jesDown
        case .jer: .jerDown
        case .tauEnergyScale: .tauEnergyScaleDown
        }
    }
}
