import ArgumentParser
import Foundation
import Pipeline

/// `neos design`: optimise a detector and the analysis together on the INFERNO problem.
struct DesignCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "design",
        abstract: "Optimise detector parameters and the summary network together (INFERNO problem).",
        discussion: """
            The INFERNO 3-D problem (signal at (0, 0), background at (2 + r, 0); x₂ exponential \
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

            Runs one optimisation per λ of --lambdas (in parallel) plus --lambda, prints the \
            trajectory of ψ, Δμ and cost for --lambda, the trade-off (final Δμ and cost against \
            λ) and a check of ∂L/∂ψ against central finite differences of the whole pipeline. \
            Δμ and cost of the initial and final detector are measured on an independent \
            sample. Writes design.svg (trajectory), tradeoff.svg and design.json to --output \
            (default runs/design).

            Examples:
              neos design --quick
              neos design --lambda 1 --lambdas 0.1,1,10 --output runs/design
              neos design --resolution 2 --threshold 0.5 --epochs 60 --json
            """
    )

    @Option(help: "λ of the run whose trajectory is reported (price of one cost unit, in units of Δμ).")
    var lambda: Double = 1

    @Option(help: ArgumentHelp("λ values of the trade-off curve, comma separated.", valueName: "list"),
            transform: LambdaList.init(parsing:))
    var lambdas: LambdaList = try! LambdaList(parsing: "0.1,1,10")

    @Option(help: "Initial σ_det, the resolution on x₀ (units of x₀).")
    var resolution: Double = 1

    @Option(help: "Initial trigger threshold t on x₂ (units of x₂).")
    var threshold: Double = 0.2

    @Option(name: .customLong("resolution-range"), help: ArgumentHelp("Bounds of σ_det, LO:HI with 0 < LO.", valueName: "lo:hi"),
            transform: ScanRange.init(parsing:))
    var resolutionRange: ScanRange = try! ScanRange(parsing: "0.05:5")

    @Option(name: .customLong("threshold-range"), help: ArgumentHelp("Bounds of the threshold, LO:HI.", valueName: "lo:hi"),
            transform: ScanRange.init(parsing:))
    var thresholdRange: ScanRange = try! ScanRange(parsing: "0:1.5")

    @Option(name: .customLong("resolution-cost"), help: "k_res: the cost of a detector with σ_det = 1 (cost k_res/σ_det).")
    var resolutionCost: Double = 0.01

    @Option(name: .customLong("rate-cost"), help: "k_rate: the cost of recording the whole background (cost k_rate·e^{−3t}).")
    var rateCost: Double = 0.1

    @Option(name: .customLong("turn-on-width"), help: "Width w of the trigger's sigmoid turn-on in x₂.")
    var turnOnWidth: Double = 0.05

    @Option(name: .customLong("learning-rate"), help: "Adam learning rate of the network weights.")
    var learningRate: Double = 1e-3

    @Option(name: .customLong("detector-learning-rate"), help: "Adam learning rate of ψ (default 0.02; 0.05 with --quick).")
    var detectorLearningRate: Double?

    @Option(help: "Seed of the network initialisation and of the event order (events and noise have fixed seeds).")
    var seed: UInt = 777

    @Option(help: "Epochs over 30 000 events per class; ψ stays at its initial value during the first 10 (1 with --quick) while the network adapts (default 60; 3 with --quick).")
    var epochs: Int?

    @Flag(help: "A small, fast version (2000 events, a 16 → 16 network, 3 epochs) to try things out.")
    var quick = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Directory for design.json, design.svg and tradeoff.svg.", valueName: "dir"))
    var outputDirectory: String?

    @Flag(help: "No progress bar.")
    var quiet = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        func positive(_ value: Double, _ option: String, _ what: String) throws {
            guard value > 0, value.isFinite else { throw ValidationError("\(option) must be a positive \(what), got \(value)") }
        }
        try positive(resolution, "--resolution", "resolution σ_det")
        guard threshold.isFinite else { throw ValidationError("--threshold must be finite, got \(threshold)") }
        guard lambda.isFinite, lambda >= 0 else { throw ValidationError("--lambda must be finite and ≥ 0, got \(lambda)") }
        guard resolutionRange.range.lowerBound > 0 else {
            throw ValidationError("--resolution-range must stay above 0 (σ_det ≤ 0 is no resolution), got \(resolutionRange.range.lowerBound)")
        }
        guard resolutionRange.range.contains(resolution) else {
            throw ValidationError("--resolution \(resolution) is outside --resolution-range \(resolutionRange.range.lowerBound):\(resolutionRange.range.upperBound)")
        }
        guard thresholdRange.range.contains(threshold) else {
            throw ValidationError("--threshold \(threshold) is outside --threshold-range \(thresholdRange.range.lowerBound):\(thresholdRange.range.upperBound)")
        }
        guard resolutionCost >= 0, resolutionCost.isFinite else { throw ValidationError("--resolution-cost must be finite and ≥ 0, got \(resolutionCost)") }
        guard rateCost >= 0, rateCost.isFinite else { throw ValidationError("--rate-cost must be finite and ≥ 0, got \(rateCost)") }
        try positive(turnOnWidth, "--turn-on-width", "width")
        try positive(learningRate, "--learning-rate", "learning rate")
        if let detectorLearningRate { try positive(detectorLearningRate, "--detector-learning-rate", "learning rate") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be positive, got \(epochs)") }
    }

    var detector: InfernoDetector {
        InfernoDetector(resolutionCost: resolutionCost, rateCost: rateCost, turnOnWidth: turnOnWidth,
                        resolutionBounds: resolutionRange.range, thresholdBounds: thresholdRange.range)
    }

    func configuration(lambda: Double) -> DesignConfiguration {
        var configuration = DesignConfiguration.standard(seed: seed, lambda: lambda)
        if quick { configuration = configuration.quick() }
        if let epochs {
            configuration.epochs = epochs
            configuration.warmupEpochs = min(configuration.warmupEpochs, epochs - 1)
        }
        if let detectorLearningRate { configuration.detectorLearningRate = detectorLearningRate }
        configuration.learningRate = learningRate
        configuration.initialParameters = [resolution, threshold]
        return configuration
    }

    func output() throws -> String {
        try DesignRun(command: self).report()
    }
}
