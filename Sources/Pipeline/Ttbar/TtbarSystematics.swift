/// The systematic uncertainties of Layer et al.'s final fit (reference notes §3.5, `fit_all69`),
/// as they enter the HistFactory model of the benchmark.
public enum TtbarSystematics {
    /// A normalisation uncertainty: a normsys with factors (1 − size, 1 + size) on `processes`.
    public struct Normalisation: Sendable {
        public var name: String
        public var size: Double
        public var processes: [TtbarProcess]
    }

    /// The processes taken from simulation (QCD is data-driven in the analysis: it carries only
    /// its free normalisation).
    public static let simulated: [TtbarProcess] = [.signal, .otherTtbar, .wJets]

    /// The luminosity uncertainty, 2% (a `lumi` modifier on the simulated processes).
    public static let luminosity = 0.02

    /// Normalisation uncertainties with the sizes of Layer et al.'s `inferno_config.py`. The
    /// signal's cross section is what μ measures, so only the other ttbar carries the ttbar
    /// cross-section uncertainty; QCD's 5% mistag uncertainty is absorbed by its free
    /// normalisation.
    public static let normalisations: [Normalisation] = [
        Normalisation(name: "tau_id", size: 0.06, processes: simulated),
        Normalisation(name: "tau_trigger", size: 0.05, processes: simulated),
        Normalisation(name: "ttbar_mass", size: 0.03, processes: [.signal, .otherTtbar]),
        Normalisation(name: "ttbar_q2", size: 0.02, processes: [.signal, .otherTtbar]),
        Normalisation(name: "ttbar_parton", size: 0.03, processes: [.signal, .otherTtbar]),
        Normalisation(name: "xsec_ttbar", size: 0.061, processes: [.otherTtbar]),
        Normalisation(name: "xsec_wjets", size: 0.0477, processes: [.wJets]),
    ]

    /// The shape systematics of a process: JES, JER and τ energy scale for the simulated ones
    /// (histosys from the variation samples, all processes correlated), none for QCD.
    public static func shapes(of process: TtbarProcess) -> [TtbarShapeSystematic] {
        simulated.contains(process) ? TtbarShapeSystematic.allCases : []
    }
}
