import Foundation
import Pipeline

/// `neos train --benchmark inferno`: one run or an ensemble (one task per seed), with files,
/// progress and a report.
struct InfernoTrainingRun: ShardedJob {
    let command: TrainCommand
    let directory: URL

    init(command: TrainCommand) throws {
        self.command = command
        let isCrossEntropy = command.objective == "bce"
        directory = try command.runDirectory(default: isCrossEntropy ? "inferno-bce" : "inferno-\(command.variant)")
    }

    var first: UInt { command.seed ?? 777 }
    var taskCount: Int { command.seeds }
    var taskNoun: String { "training" }
    var outputDirectory: URL? { directory }
    var inputFiles: [String] { [] }
    var showsProgress: Bool { !command.reporting.quiet }

    var isCrossEntropy: Bool { command.objective == "bce" }
    var name: String { isCrossEntropy ? "NN classifier" : "INFERNO \(command.variant)" }

    func configuration(seed: UInt) -> InfernoTrainingConfiguration {
        var configuration = InfernoTrainingConfiguration.paper(isCrossEntropy ? .crossEntropy : .inferno(benchmark: command.variant), seed: seed)
        if command.quick { configuration = configuration.quick(epochs: 10, trainingEvents: 20_000, evaluationEvents: 50_000) }
        if let epochs = command.epochs { configuration.epochs = epochs }
        if let learningRate = command.learningRate { configuration.learningRate = learningRate }
        if let optimizer = command.optimizer { configuration.optimizer = optimizer }
        return configuration
    }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let count = command.seeds
        let seed = first + UInt(index)
        let runDirectory = count == 1 ? directory : directory.appendingPathComponent("seed-\(seed)")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let checkpointPath = runDirectory.appendingPathComponent("checkpoint.json").path
        var trainer = command.resume
            ? try InfernoTrainer(resuming: InfernoCheckpoint.load(from: checkpointPath))
            : try InfernoTrainer(configuration: configuration(seed: seed))
        try trainer.train(checkpointPath: checkpointPath) { step in
            progress(step.fraction, "epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
        }
        let sigma = trainer.evaluate()
        try trainer.network.save(to: runDirectory.appendingPathComponent("network.json").path)
        try AtomicFile.write(TrainingCurvePlot(title: "\(name), seed \(seed)", yLabel: isCrossEntropy ? "cross-entropy" : "Var(ŝ)",
                                               runs: [("", trainer.state.history)], logY: !isCrossEntropy).svg(),
                             to: runDirectory.appendingPathComponent("training.svg").path)
        try AtomicFile.write(JSONValue.object([
            "seed": .integer(Int(seed)), "sigma_s": .numbers(sigma),
            "training_loss": .numbers(trainer.state.history.trainingLoss),
            "validation_loss": .numbers(trainer.state.history.validationLoss),
        ]).rendered, to: runDirectory.appendingPathComponent("metrics.json").path)
        return .object(["seed": .integer(Int(seed)), "sigma_s": .numbers(sigma)])
    }

    func finish(results: [JSONValue]) throws -> String {
        let count = command.seeds
        let runs = try results.map { result -> (seed: Int, sigma: [Double]) in
            guard case let .integer(seed)? = result["seed"], let sigma = result["sigma_s"]?.doubles, sigma.count == 5 else {
                throw CommandError("an INFERNO training result lacks its seed or its 5 σ_s values")
            }
            return (seed, sigma)
        }
        let sigmas = runs.map(\.sigma)
        let median = (0..<5).map { b in Quantile.of(sigmas.map { $0[b] }, 0.5) }
        let lower = (0..<5).map { b in Quantile.of(sigmas.map { $0[b] }, 0.16) }
        let upper = (0..<5).map { b in Quantile.of(sigmas.map { $0[b] }, 0.84) }
        let paper = PaperNumbers.infernoRows[name]!
        let summary: JSONValue = .object([
            "benchmark": .string("inferno"), "objective": .string(isCrossEntropy ? "bce" : "inferno"),
            "variant": isCrossEntropy ? .null : .integer(command.variant),
            "seeds": .array(runs.map { .integer($0.seed) }),
            "sigma_s": .numbers(median), "sigma_s_per_seed": .array(sigmas.map(JSONValue.numbers)),
            "spread": .object(["p16": .numbers(lower), "p84": .numbers(upper)]),
            "paper": .object(["row": .string(name), "sigma_s": .numbers(paper),
                              "unbinned_bound": .numbers(PaperNumbers.infernoRows["Analytical likelihood"]!)]),
            "output": .string(directory.path),
        ])
        try AtomicFile.write(summary.rendered, to: directory.appendingPathComponent(count == 1 ? "summary.json" : "ensemble.json").path)
        if command.reporting.json { return summary.rendered }
        var table = TextTable(header: ["benchmark", count == 1 ? "σ_s" : "σ_s median", "16–84%", "paper \(name)", "ratio", "unbinned bound"])
        for b in 0..<5 {
            table.append("\(b)", Format.number(median[b], digits: 4),
                         count == 1 ? "" : "\(Format.number(lower[b], digits: 4))–\(Format.number(upper[b], digits: 4))",
                         Format.number(paper[b], digits: 4), Format.number(median[b] / paper[b], digits: 3),
                         Format.number(PaperNumbers.infernoRows["Analytical likelihood"]![b], digits: 4))
        }
        return "\(name), \(count == 1 ? "seed \(first)" : "\(count) seeds from \(first)"): expected uncertainty on s (s = 50, b = 1000)\n\n"
            + table.rendered + "\n\nwrote \(directory.path)"
    }
}

/// Sample quantiles by linear interpolation between order statistics (numpy's default).
enum Quantile {
    static func of(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}
