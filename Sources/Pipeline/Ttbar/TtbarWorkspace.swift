import HistFactory

/// The HistFactory model of a binned summary of the ttbar benchmark, as a pyhf workspace: one
/// channel, the four processes, μ (`mu`) scaling the signal, a free QCD normalisation
/// (`qcd_norm`), the luminosity, the normalisation systematics of ``TtbarSystematics`` and a
/// histosys (pyhf default code 4p) per shape systematic from the up and down variation samples.
///
/// A process with too few simulated events for its variation templates to mean anything bin by
/// bin (W+jets in the stand-in sample) carries its shape systematics as normalisation effects
/// only: a normsys of the same name with the variations' total-yield ratios (the usual pruning
/// of statistically meaningless shape effects, cf. cabinetry's and combine's smoothing).
public enum TtbarWorkspace {
    public static let channel = "taujets"
    public static let poi = "mu"
    public static let qcdNormalisation = "qcd_norm"
    public static let staterror = "staterror_taujets"

    /// The histograms the model needs: every process's nominal, and the up and down variations
    /// of its shape systematics.
    public static var histograms: [(process: TtbarProcess, variation: TtbarVariation)] {
        TtbarProcess.allCases.flatMap { process in
            [(process, TtbarVariation.nominal)]
                + TtbarSystematics.shapes(of: process).flatMap { [(process, $0.up), (process, $0.down)] }
        }
    }

    /// The workspace with `histogram(process, variation)` as templates, all of one length, and
    /// Asimov observations (the expected data at μ = 1 and nominal nuisances); the processes in
    /// `normalisationOnly` carry their shape systematics as normsys.
    ///
    /// `statisticalUncertainty(process)`, when given, is each bin's absolute uncertainty from the
    /// finite number of simulated events, √Σw², entered as one staterror modifier on every process
    /// (Barlow–Beeston-lite, as cabinetry adds for each sample).
    public static func make(
        normalisationOnly: Set<TtbarProcess> = [], statisticalUncertainty: ((TtbarProcess) -> [Double])? = nil,
        histogram: (TtbarProcess, TtbarVariation) -> [Double]
    ) -> Workspace {
        let samples = TtbarProcess.allCases.map { process -> Workspace.Sample in
            var modifiers: [Modifier] = []
            switch process {
            case .signal: modifiers.append(Modifier(name: poi, kind: .normfactor))
            case .qcd: modifiers.append(Modifier(name: qcdNormalisation, kind: .normfactor))
            case .otherTtbar, .wJets: break
            }
            if TtbarSystematics.simulated.contains(process) { modifiers.append(Modifier(name: "lumi", kind: .lumi)) }
            for systematic in TtbarSystematics.normalisations where systematic.processes.contains(process) {
                modifiers.append(Modifier(name: systematic.name, kind: .normsys(hi: 1 + systematic.size, lo: 1 - systematic.size)))
            }
            let nominalYield = histogram(process, .nominal).reduce(0, +)
            for shape in TtbarSystematics.shapes(of: process) {
                let (up, down) = (histogram(process, shape.up), histogram(process, shape.down))
                let kind: Modifier.Kind = normalisationOnly.contains(process)
                    ? .normsys(hi: up.reduce(0, +) / nominalYield, lo: down.reduce(0, +) / nominalYield)
                    : .histosys(hiData: up, loData: down)
                modifiers.append(Modifier(name: shape.rawValue, kind: kind))
            }
            if let statisticalUncertainty {
                modifiers.append(Modifier(name: staterror, kind: .staterror(uncertainties: statisticalUncertainty(process))))
            }
            return Workspace.Sample(name: process.rawValue, data: histogram(process, .nominal), modifiers: modifiers)
        }
        let asimov = samples.dropFirst().reduce(samples[0].data) { total, sample in zip(total, sample.data).map(+) }
        return Workspace(
            channels: [.init(name: channel, samples: samples)],
            observations: [.init(name: channel, data: asimov)],
            measurements: [.init(name: "ttbar_taujets", config: .init(poi: poi, parameters: [
                .init(name: "lumi", inits: [1], bounds: [[0.5, 1.5]], auxdata: [1], sigmas: [TtbarSystematics.luminosity]),
                .init(name: poi, inits: [1], bounds: [[0, 10]]),
                .init(name: qcdNormalisation, inits: [1], bounds: [[0, 10]]),
            ]))]
        )
    }

    /// The bins worth keeping: those where the nominal prediction is positive (Layer et al. drop
    /// empty bins for both summaries).
    public static func occupiedBins(_ histogram: (TtbarProcess, TtbarVariation) -> [Double]) -> [Int] {
        let total = TtbarProcess.allCases.map { histogram($0, .nominal) }.dropFirst()
            .reduce(histogram(.signal, .nominal)) { zip($0, $1).map(+) }
        return total.indices.filter { total[$0] > 0 }
    }
}
