import ArgumentParser
import Foundation

/// `neos train`: end-to-end trainings of summary networks on the benchmark problems of the INFERNO
/// and neos papers.
struct TrainCommand: ShardableCommand {
    enum Benchmark: String, ExpressibleByArgument, CaseIterable {
        case inferno
        case neosBlobs = "neos-blobs"
    }

    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a summary network end to end on the INFERNO or neos benchmark.",
        discussion: """
            inferno: the 3-D synthetic mixture of de Castro & Dorigo (arXiv:1806.04743). \
            --objective inferno (default) trains INFERNO on benchmark --variant K (0…4): the \
            network's 10 softmax outputs (τ = 0.1) form the summary and the loss is Var(ŝ) from \
            the Fisher information of the Asimov likelihood, with the background differentiated \
            exactly along the nuisance shifts r and λ. --objective bce trains the cross-entropy \
            classifier baseline. Both use the paper's settings (SGD, 200 epochs; lr 1e-6 with \
            1000+1000 events per batch for INFERNO, 1e-3 with 32+32 for cross-entropy) and are \
            evaluated with the paper's protocol: hard templates on an independent sample, \
            r ± 0.2 and λ 3 ± 0.5 variations, σ_s on benchmarks 0–4, printed beside the paper's \
            Table 1. --seeds N trains N initialisations in parallel and reports the median and \
            the 16–84% spread. --table trains the paper's whole Table 2 — cross-entropy and \
            INFERNO 0–4, each --seeds times, evaluated on benchmarks 0–4 — plus INFERNO 2 with \
            Adam, and writes table.json and table.md (ours beside the paper's medians); each \
            (seed, row) is a task, so --shard I/N spreads it over jobs or sessions.

            neos-blobs: the neos example (four 2-D Gaussian blobs, KDE histogram with 4 bins, \
            signal normfactor and background histosys). Trains each --objective (cls, fisher, \
            bce; default: all three) with Adam and reports the test-set CLs and σ_μ with hard \
            histograms side by side.

            Every run writes to --output DIR: checkpoint.json after each epoch (atomically; \
            --resume continues from it), metrics.json, training.svg (the loss curve) and \
            network.json (the weights). A progress bar with the current loss goes to standard \
            error. The same --seed gives the same numbers bit for bit.

            Examples:
              neos train --benchmark inferno --variant 2
              neos train --benchmark inferno --objective bce --seeds 10
              neos train --benchmark neos-blobs --json
              neos train --benchmark inferno --variant 2 --output runs/i2 --resume
              neos train --benchmark inferno --table --seeds 20 --output table --shard 0/40
            """
    )

    @Option(help: "inferno or neos-blobs.")
    var benchmark: Benchmark

    @Option(help: "INFERNO benchmark to train on, 0…4 (inferno only).")
    var variant: Int = 2

    @Option(help: "inferno: inferno (default) or bce. neos-blobs: cls, fisher or bce (default: all three).")
    var objective: String?

    @Option(help: "Seed of the network initialisation and of the event order.")
    var seed: UInt?

    @Option(help: "Train this many initialisations (seed, seed+1, …) in parallel and summarise them.")
    var seeds: Int = 1

    @Option(help: "Epochs (default: the paper's).")
    var epochs: Int?

    @Option(name: .customLong("learning-rate"), help: "Learning rate (default: the paper's).")
    var learningRate: Double?

    @Option(help: "sgd or adam (default: the paper's).")
    var optimizer: String?

    @Option(help: "KDE bandwidth of the soft histograms (neos-blobs; default 0.09).")
    var bandwidth: Double?

    @Flag(help: "A small, fast version (fewer events and epochs) to try things out.")
    var quick = false

    @Flag(help: "inferno: the paper's Table 2 (cross-entropy and INFERNO 0–4 on benchmarks 0–4, plus INFERNO 2 with Adam), --seeds each.")
    var table = false

    @Option(name: .customLong("output"), help: ArgumentHelp("Directory for checkpoints, metrics, plots and weights.", valueName: "dir"))
    var outputDirectory: String?

    @Flag(help: "Continue the run in --output from its checkpoint.")
    var resume = false

    @OptionGroup var reporting: RunReporting

    @OptionGroup var sharding: ShardingOptions

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1, got \(seeds)") }
        guard (0...4).contains(variant) else { throw ValidationError("--variant must be 0…4, got \(variant)") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be positive, got \(epochs)") }
        if let learningRate, !(learningRate > 0 && learningRate.isFinite) {
            throw ValidationError("--learning-rate must be positive, got \(learningRate)")
        }
        if let bandwidth, !(bandwidth > 0 && bandwidth.isFinite) { throw ValidationError("--bandwidth must be positive, got \(bandwidth)") }
        if resume && outputDirectory == nil { throw ValidationError("--resume needs the --output directory of the run to continue") }
        if resume && seeds > 1 { throw ValidationError("--resume continues one run; it cannot be combined with --seeds") }
        if table && benchmark != .inferno { throw ValidationError("--table is the INFERNO paper's table: use it with --benchmark inferno") }
        if table && (resume || objective != nil || optimizer != nil || learningRate != nil) {
            throw ValidationError("--table trains every row with the paper's settings; drop --resume, --objective, --optimizer and --learning-rate")
        }
        let allowed = benchmark == .inferno ? ["inferno", "bce"] : ["cls", "fisher", "bce"]
        if let objective, !allowed.contains(objective) {
            throw ValidationError("--objective for \(benchmark.rawValue) is one of \(allowed.joined(separator: ", ")), got '\(objective)'")
        }
    }

    func makeJob() throws -> any ShardedJob {
        switch benchmark {
        case .inferno: return table ? try InfernoTableRun(command: self) : try InfernoTrainingRun(command: self)
        case .neosBlobs: return try BlobsTrainingRun(command: self)
        }
    }

    /// The run directory: --output, or runs/<name> by default; created when missing, except that
    /// --resume needs it to exist.
    func runDirectory(default name: String) throws -> URL {
        let url = URL(fileURLWithPath: outputDirectory ?? "runs/\(name)")
        if resume {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw CommandError("\(url.path): no such run directory, so no checkpoint to resume from")
            }
            return url
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create the run directory \(url.path): \(error.localizedDescription)")
        }
        return url
    }
}
