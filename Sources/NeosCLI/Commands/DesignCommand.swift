import ArgumentParser
import Foundation
import Pipeline

/// `neos design`: optimise a detector and the analysis together on the INFERNO problem or on the
/// ttbar benchmark.
struct DesignCommand: ShardableCommand {
    enum Benchmark: String, ExpressibleByArgument, CaseIterable {
        case inferno, ttbar
    }

    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Optimise detector parameters and the summary network together (INFERNO problem or ttbar).",
        discussion: """
            --benchmark inferno (default): the INFERNO 3-D problem (signal at (0, 0), background at (2 + r, 0); x₂ exponential \
            with rate 2 for the signal and λ₀ = 3 for the background; s = 50, b = 1000) seen \
            through a detector with two parameters ψ:

              σ_det     the Gaussian resolution on x₀, in units of x₀ (the signal's x₀ has
                        width 1, the background's √5). Smearing is reparameterised,
                        x₀′ = x₀ + σ_det·ε with ε fixed per event, so ∂x₀′/∂σ_det = ε.
              threshold the trigger threshold t on x₂, in units of x₂: events are kept with
                        the sigmoid acceptance 1/(1 + exp(−(x₂ − t)/w)), w = --turn-on-width.
                        The acceptance multiplies the event weights, so the expected signal
                        and background yields fall as e^{−2t} and e^{−3t}.

            The objective is L = Δμ + λ·c(ψ). Δμ = σ_s/s is the expected uncertainty on the \
            signal strength from the Asimov Fisher information of the network's softmax \
            summary (10 bins, τ = 0.1) with the nuisances r and λ₀ profiled (INFERNO benchmark \
            2; template derivatives from r ± 0.2 and λ₀ = 3 ± 0.5). The cost, in units of Δμ, is \
            c = k_res/σ_det + k_rate·e^{−3t}: finer resolution costs more, and so does \
            recording more background (e^{−3t} is the background fraction above t). The \
            network (Adam, --learning-rate) and ψ (Adam, --detector-learning-rate, clamped to \
            the ranges after every step) are trained together on the same gradient, after \
            warm-up epochs in which only the network learns (∂Δμ/∂ψ is only meaningful once \
            the analysis fits the detector).

            --benchmark ttbar: the INFERNO network of `neos ttbar` (8 → 100 → 100 → 10, the \
            full model with every systematic and the staterror; --data, default \
            notebooks-data/ttbar/sample) with ψ = (r, t):

              jer_scale         r, the jet energy resolution in units of the
                                nominal one, in [0.9, 1.1]. The sample has no
                                jets, only σ_JER × 1.1 and × 0.9 variations, so
                                each simulated template at r is the code-4p
                                interpolation between jer_down, nominal and
                                jer_up at α = (r − 1)/0.1; the JER nuisance
                                moves to r × (1 ± 0.1).
              tau_pt_threshold  t, the τh p_T trigger threshold in GeV, in
                                [45, 100]: each event is kept with a sigmoid
                                acceptance (width --turn-on-width, default
                                2 GeV) in p_T,τ ≈ m_T²/(2 E̸_T (1 − cos Δφ)),
                                rebuilt from the features.

            Cost c = k_res·(1/r − 1/1.1) + k_rate·f_QCD(t), f_QCD the accepted fraction of QCD \
            multijet. ψ moves in units of its range. Initial and final points are measured on \
            the test half of the sample, the trajectory on the validation part.

            Runs one optimisation per λ of --lambdas (in parallel) plus --lambda, prints the \
            trajectory of ψ, Δμ and cost for --lambda, the trade-off (final Δμ and cost against \
            λ) and a check of ∂L/∂ψ against central finite differences of the whole pipeline. \
            Δμ and cost of the initial and final detector are measured on an independent \
            sample. Writes design.svg (trajectory), tradeoff.svg and design.json to --output \
            (default runs/design or runs/design-ttbar).

            Examples:
              neos design --quick
              neos design --lambda 1 --lambdas 0.1,1,10 --output runs/design
              neos design --resolution 2 --threshold 0.5 --epochs 60 --json
              neos design --benchmark ttbar --output runs/design-ttbar
            """
    )

    @Option(help: "inferno (the INFERNO 3-D problem) or ttbar (the CMS ttbar → τh + jets benchmark).")
    var benchmark: Benchmark = .inferno

    @Option(help: ArgumentHelp("Directory of the ttbar event files (--benchmark ttbar).", valueName: "dir"))
    var data = "notebooks-data/ttbar/sample"

    @Option(help: "λ of the run whose trajectory is reported (price of one cost unit, in units of Δμ).")
    var lambda: Double = 1

    @Option(help: ArgumentHelp("λ values of the trade-off curve, comma separated.", valueName: "list"),
            transform: LambdaList.init(parsing:))
    var lambdas: LambdaList = try! LambdaList(parsing: "0.1,1,10")

    @Option(help: "Initial resolution: σ_det on x₀ in units of x₀ (inferno, default 1) or the JER scale r (ttbar, default 1).")
    var resolution: Double?

    @Option(help: "Initial threshold: t on x₂ (inferno, default 0.2) or the τh p_T threshold in GeV (ttbar, default 60).")
    var threshold: Double?

    @Option(name: .customLong("resolution-range"), help: ArgumentHelp("Bounds of the resolution, LO:HI with 0 < LO (default 0.05:5; ttbar 0.9:1.1).", valueName: "lo:hi"),
            transform: ScanRange.init(parsing:))
    var resolutionRange: ScanRange?

    @Option(name: .customLong("threshold-range"), help: ArgumentHelp("Bounds of the threshold, LO:HI (default 0:1.5; ttbar 45:100 GeV).", valueName: "lo:hi"),
            transform: ScanRange.init(parsing:))
    var thresholdRange: ScanRange?

    @Option(name: .customLong("resolution-cost"), help: "k_res: the price of resolution (inferno: k_res/σ_det, default 0.01; ttbar: k_res·(1/r − 1/r_max), default 0.025).")
    var resolutionCost: Double?

    @Option(name: .customLong("rate-cost"), help: "k_rate: the cost of recording the whole background (inferno: k_rate·e^{−3t}, default 0.1; ttbar: k_rate·f_QCD(t), default 0.05).")
    var rateCost: Double?

    @Option(name: .customLong("turn-on-width"), help: "Width w of the trigger's sigmoid turn-on (inferno: in x₂, default 0.05; ttbar: in GeV, default 2).")
    var turnOnWidth: Double?

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate of the network weights.")
    var learningRate: Double = 1e-3

    @Option(name: .customLong("detector-learning-rate"), help: "Adam learning rate of ψ (inferno: default 0.02, 0.05 with --quick; ttbar: in units of the ranges, default 0.02, 0.1 with --quick).")
    var detectorLearningRate: Double?

    @Option(help: "Seed of the network initialisation and of the event order (inferno, default 777: events and noise have fixed seeds) or also of the split (ttbar, default 11).")
    var seed: UInt?

    @Option(help: "Epochs (inferno: over 30 000 events per class, default 60, ψ fixed during the first 10; ttbar: default 100, ψ fixed during the first 20; 3 and 1 with --quick).")
    var epochs: Int?

    @Flag(help: "A small, fast version to try things out (inferno: 2000 events, a 16 → 16 network; ttbar: 300 rows per file; 3 epochs).")
    var quick = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Directory for design.json, design.svg and tradeoff.svg (default runs/design, runs/design-ttbar).", valueName: "dir"))
    var outputDirectory: String?

    @OptionGroup var reporting: RunReporting

    @OptionGroup var sharding: ShardingOptions

    /// The option values with the benchmark's defaults filled in.
    struct Settings {
        var resolution: Double
        var threshold: Double
        var resolutionRange: ClosedRange<Double>
        var thresholdRange: ClosedRange<Double>
        var resolutionCost: Double
        var rateCost: Double
        var turnOnWidth: Double
        var seed: UInt
    }

    var settings: Settings {
        let inferno = benchmark == .inferno
        return Settings(resolution: resolution ?? 1, threshold: threshold ?? (inferno ? 0.2 : 60),
                        resolutionRange: resolutionRange?.range ?? (inferno ? 0.05...5 : 0.9...1.1),
                        thresholdRange: thresholdRange?.range ?? (inferno ? 0...1.5 : 45...100),
                        resolutionCost: resolutionCost ?? (inferno ? 0.01 : 0.025), rateCost: rateCost ?? (inferno ? 0.1 : 0.05),
                        turnOnWidth: turnOnWidth ?? (inferno ? 0.05 : 2), seed: seed ?? (inferno ? 777 : 11))
    }

    func validate() throws {
        func positive(_ value: Double, _ option: String, _ what: String) throws {
            guard value > 0, value.isFinite else { throw ValidationError("\(option) must be a positive \(what), got \(value)") }
        }
        let settings = self.settings
        try positive(settings.resolution, "--resolution", "resolution")
        guard settings.threshold.isFinite else { throw ValidationError("--threshold must be finite, got \(settings.threshold)") }
        guard lambda.isFinite, lambda >= 0 else { throw ValidationError("--lambda must be finite and ≥ 0, got \(lambda)") }
        guard settings.resolutionRange.lowerBound > 0 else {
            throw ValidationError("--resolution-range must stay above 0 (a resolution ≤ 0 is no resolution), got \(settings.resolutionRange.lowerBound)")
        }
        guard settings.resolutionRange.contains(settings.resolution) else {
            throw ValidationError("--resolution \(settings.resolution) is outside --resolution-range \(settings.resolutionRange.lowerBound):\(settings.resolutionRange.upperBound)")
        }
        guard settings.thresholdRange.contains(settings.threshold) else {
            throw ValidationError("--threshold \(settings.threshold) is outside --threshold-range \(settings.thresholdRange.lowerBound):\(settings.thresholdRange.upperBound)")
        }
        guard settings.resolutionCost >= 0, settings.resolutionCost.isFinite else {
            throw ValidationError("--resolution-cost must be finite and ≥ 0, got \(settings.resolutionCost)")
        }
        guard settings.rateCost >= 0, settings.rateCost.isFinite else { throw ValidationError("--rate-cost must be finite and ≥ 0, got \(settings.rateCost)") }
        try positive(settings.turnOnWidth, "--turn-on-width", "width")
        try positive(learningRate, "--learning-rate", "learning rate")
        if let detectorLearningRate { try positive(detectorLearningRate, "--detector-learning-rate", "learning rate") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be positive, got \(epochs)") }
    }

    var detector: InfernoDetector {
        let settings = self.settings
        return InfernoDetector(resolutionCost: settings.resolutionCost, rateCost: settings.rateCost, turnOnWidth: settings.turnOnWidth,
                               resolutionBounds: settings.resolutionRange, thresholdBounds: settings.thresholdRange)
    }

    func configuration(lambda: Double) -> DesignConfiguration {
        var configuration = DesignConfiguration.standard(seed: settings.seed, lambda: lambda)
        if quick { configuration = configuration.quick() }
        if let epochs {
            configuration.epochs = epochs
            configuration.warmupEpochs = min(configuration.warmupEpochs, epochs - 1)
        }
        if let detectorLearningRate { configuration.detectorLearningRate = detectorLearningRate }
        configuration.learningRate = learningRate
        configuration.initialParameters = [settings.resolution, settings.threshold]
        return configuration
    }

    var ttbarDetector: TtbarDetector {
        let settings = self.settings
        return TtbarDetector(resolutionCost: settings.resolutionCost, rateCost: settings.rateCost, turnOnWidth: settings.turnOnWidth,
                             resolutionBounds: settings.resolutionRange, thresholdBounds: settings.thresholdRange)
    }

    func ttbarConfiguration(lambda: Double) -> TtbarDesignConfiguration {
        var configuration = TtbarDesignConfiguration.standard(seed: settings.seed, lambda: lambda)
        if quick { configuration = configuration.quick() }
        if let epochs {
            configuration.ttbar.infernoEpochs = epochs
            configuration.warmupEpochs = min(configuration.warmupEpochs, epochs - 1)
        }
        if let detectorLearningRate { configuration.detectorLearningRate = detectorLearningRate }
        configuration.ttbar.infernoLearningRate = learningRate
        configuration.initialParameters = [settings.resolution, settings.threshold]
        return configuration
    }

    func makeJob() throws -> any ShardedJob {
        try DesignRun(command: self)
    }
}
