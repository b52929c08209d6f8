import ArgumentParser
import Foundation
import Pipeline

/// `neos ttbar`: the CMS ttbar → τh + jets benchmark of Layer, Dorigo & Strong.
struct TtbarCommand: ShardableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ttbar",
        abstract: "The CMS ttbar → τh + jets cross-section benchmark: cross-entropy vs INFERNO.",
        discussion: """
            Reproduces Layer, Dorigo & Strong (arXiv:2301.10358), INFERNO applied to the CMS \
            TOP-11-004 measurement, on the stand-in sample in notebooks-data/ttbar/sample (or \
            on your own ntuples with --data DIR: files <process>__<variation>.csv[.gz] or \
            .npy[.gz] for the processes ttbar_signal, ttbar_other, wjets, qcd and the \
            variations nominal, jes_up/down, jer_up/down, taues_up/down, with the columns \
            aplanarity, sphericity, charge_eta_tau, met, dphi_tau_met, mt, m_tau_jets, ht, \
            weight; see notebooks-data/ttbar/README.md).

            Half of every file makes the templates; of the other half, 80% trains and 20% \
            picks the epoch to keep (lowest validation loss). Two summaries: a cross-entropy \
            classifier (8 → 20 → 20 → 1, signal against all backgrounds, its output in 20 \
            bins) and INFERNO (8 → 100 → 100 → 10, softmax τ = 0.1, trained on σ_μ of the full \
            model below), both with Adam. Each summary becomes a HistFactory model: μ on the \
            signal, free QCD normalisation, luminosity 2%, τ-ID 6%, τ trigger 5%, ttbar mass \
            3% / Q² 2% / parton matching 3%, cross sections (other ttbar 6.1%, W+jets 4.77%), \
            and JES, JER and τ-energy-scale shape systematics (histosys) on every simulated \
            process (as normalisation effects only for a process with fewer than 100 \
            effective simulated entries, W+jets in the stand-in sample). Empty bins are \
            dropped. Every process also carries the statistical uncertainty of its template \
            (√Σw² per bin, one staterror; --no-mc-stat leaves it out). The fit is to Asimov data (μ = 1); μ̂ is reported with its total and \
            statistics-only (all nuisances fixed at the best fit) 68% profile-likelihood \
            intervals, beside the paper's numbers.

            --yields published (default) scales every process to Layer et al.'s expected \
            yields, so the intervals compare with the paper's; --yields sample keeps the \
            stand-in sample's own normalisation.

            Writes to --output DIR (default runs/ttbar): summary.json, bce-workspace.json and \
            inferno-workspace.json (pyhf JSON: `pyhf fit` or `neos fit` them), bce-yields.svg \
            and inferno-yields.svg (the summaries with their systematic bands), scans.svg \
            (the profile-likelihood scans), training.svg and the two networks.

            Examples:
              neos ttbar
              neos ttbar --json --output runs/ttbar-11
              neos ttbar --seeds 5
              neos ttbar --data /path/to/my/ntuples --yields sample
            """
    )

    @Option(help: ArgumentHelp("Directory of the event files.", valueName: "dir"))
    var data = "notebooks-data/ttbar/sample"

    @Option(help: "Seed of the split, the initialisations and the batch order.")
    var seed: UInt = 11

    @Option(help: "Run this many seeds (seed, seed+1, …; each its own split and initialisations) in parallel and report medians.")
    var seeds: Int = 1

    @Option(help: "published (scale to Layer et al.'s expected yields) or sample (keep the files' weights).")
    var yields: TtbarConfiguration.Yields = .published

    @Option(name: .customLong("bce-epochs"), help: "Epochs of the cross-entropy classifier (default 30).")
    var classifierEpochs: Int?

    @Option(name: .customLong("inferno-epochs"), help: "Epochs of INFERNO (default 100, as Layer et al.).")
    var infernoEpochs: Int?

    @Option(name: .customLong("inferno-batches"), help: "Mini-batches per INFERNO epoch, each the same slices of every process and variation (default 8).")
    var infernoBatches: Int?

    @Option(name: .customLong("inferno-learning-rate"), help: "Adam learning rate of INFERNO (default 1e-3).")
    var infernoLearningRate: Double?

    @Option(name: .customLong("inferno-hidden"), help: ArgumentHelp("Hidden layer widths of the INFERNO network, comma-separated (default 100,100).", valueName: "n,n"))
    var infernoHidden: String?

    @Option(help: "Softmax temperature of the INFERNO summary (default 0.1).")
    var temperature: Double?

    @Flag(inversion: .prefixedNo, help: "Include the templates' statistical uncertainties from the finite simulated samples (a staterror on every process).")
    var mcStat = true

    @Flag(help: "A small, fast version (300 rows per file, short trainings) to try things out.")
    var quick = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Directory for the results, workspaces and plots.", valueName: "dir"))
    var outputDirectory = "runs/ttbar"

    @OptionGroup var reporting: RunReporting

    @OptionGroup var sharding: ShardingOptions

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        if let classifierEpochs, classifierEpochs < 1 { throw ValidationError("--bce-epochs must be positive, got \(classifierEpochs)") }
        if let infernoEpochs, infernoEpochs < 1 { throw ValidationError("--inferno-epochs must be positive, got \(infernoEpochs)") }
        if let infernoBatches, infernoBatches < 1 { throw ValidationError("--inferno-batches must be positive, got \(infernoBatches)") }
        if let infernoLearningRate, !(infernoLearningRate > 0 && infernoLearningRate.isFinite) {
            throw ValidationError("--inferno-learning-rate must be positive, got \(infernoLearningRate)")
        }
        if let infernoHidden, Self.widths(infernoHidden) == nil {
            throw ValidationError("--inferno-hidden takes positive integers separated by commas, e.g. 100,100; got '\(infernoHidden)'")
        }
        if let temperature, !(temperature > 0 && temperature.isFinite) {
            throw ValidationError("--temperature must be positive, got \(temperature)")
        }
    }

    var benchmarkConfiguration: TtbarConfiguration {
        var configuration = quick ? TtbarConfiguration.quick : TtbarConfiguration()
        configuration.seed = seed
        configuration.yields = yields
        configuration.statisticalUncertainties = mcStat
        if let classifierEpochs { configuration.classifierEpochs = classifierEpochs }
        if let infernoEpochs { configuration.infernoEpochs = infernoEpochs }
        if let infernoLearningRate { configuration.infernoLearningRate = infernoLearningRate }
        if let infernoBatches { configuration.infernoStepsPerEpoch = infernoBatches }
        if let temperature { configuration.temperature = temperature }
        if let widths = infernoHidden.flatMap(Self.widths) { configuration.infernoHidden = widths }
        return configuration
    }

    /// "100,100" → [100, 100]; nil unless every entry is a positive integer.
    static func widths(_ text: String) -> [Int]? {
        let widths = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) > 0 }) else { return nil }
        return widths.compactMap { $0 }
    }

    func makeJob() throws -> any ShardedJob {
        try TtbarRun(command: self)
    }
}

extension TtbarConfiguration.Yields: ExpressibleByArgument {}
