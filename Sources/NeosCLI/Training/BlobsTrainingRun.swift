import Foundation
import Pipeline

/// `neos train --benchmark neos-blobs`: each objective trained on the same data and initial
/// network, compared on the test set; with `--seeds N`, every objective is trained from N
/// initialisations and compared by its mean test CLs, as the neos paper averages 7.
/// Each (objective, seed) is a task, objective-major.
struct BlobsTrainingRun: ShardedJob {
    let command: TrainCommand
    let directory: URL

    init(command: TrainCommand) throws {
        self.command = command
        directory = try command.runDirectory(default: "neos-blobs")
    }

    var seeds: [UInt] { (0..<command.seeds).map { (command.seed ?? 0) + UInt($0) } }
    var tasks: [(BlobsTrainingConfiguration.Objective, UInt)] { objectives.flatMap { objective in seeds.map { (objective, $0) } } }
    var taskCount: Int { tasks.count }
    var taskNoun: String { "training" }
    var outputDirectory: URL? { directory }
    var inputFiles: [String] { [] }
    var showsProgress: Bool { !command.reporting.quiet }

    var objectives: [BlobsTrainingConfiguration.Objective] {
        command.objective.flatMap(BlobsTrainingConfiguration.Objective.init(rawValue:)).map { [$0] }
            ?? BlobsTrainingConfiguration.Objective.allCases
    }

    func configuration(_ objective: BlobsTrainingConfiguration.Objective, seed: UInt) -> BlobsTrainingConfiguration {
        var configuration = BlobsTrainingConfiguration(objective: objective)
        configuration.seed = seed
        if command.quick {
            configuration.epochs = 3
            configuration.eventsPerBlob = 4000
            configuration.batchSize = 1000
        }
        if let epochs = command.epochs { configuration.epochs = epochs }
        if let learningRate = command.learningRate { configuration.learningRate = learningRate }
        if let bandwidth = command.bandwidth { configuration.bandwidth = bandwidth }
        return configuration
    }

    /// One trained network's test metrics.
    struct Run: Sendable {
        var objective: String
        var seed: UInt
        var cls: Double
        var sigmaMu: Double
        var initial: (cls: Double, sigmaMu: Double)

        var json: JSONValue {
            .object([
                "objective": .string(objective), "seed": .integer(Int(seed)), "cls": .finite(cls), "sigma_mu": .finite(sigmaMu),
                "initial_cls": .finite(initial.cls), "initial_sigma_mu": .finite(initial.sigmaMu),
            ])
        }

        init(objective: String, seed: UInt, cls: Double, sigmaMu: Double, initial: (cls: Double, sigmaMu: Double)) {
            (self.objective, self.seed, self.cls, self.sigmaMu, self.initial) = (objective, seed, cls, sigmaMu, initial)
        }

        init(json: JSONValue) throws {
            guard let objective = json["objective"]?.stringValue, case let .integer(seed)? = json["seed"],
                  let cls = json["cls"]?.doubleValue, let sigmaMu = json["sigma_mu"]?.doubleValue,
                  let initialCLs = json["initial_cls"]?.doubleValue, let initialSigmaMu = json["initial_sigma_mu"]?.doubleValue else {
                throw CommandError("a neos-blobs training result lacks one of objective, seed, cls, sigma_mu, initial_cls, initial_sigma_mu")
            }
            self.init(objective: objective, seed: UInt(seed), cls: cls, sigmaMu: sigmaMu, initial: (initialCLs, initialSigmaMu))
        }
    }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let seeds = self.seeds
        let (objective, seed) = tasks[index]
        let runDirectory = seeds.count == 1
            ? directory.appendingPathComponent(objective.rawValue)
            : directory.appendingPathComponent(objective.rawValue).appendingPathComponent("seed-\(seed)")
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        let checkpointPath = runDirectory.appendingPathComponent("checkpoint.json").path
        var trainer = command.resume
            ? try BlobsTrainer(resuming: BlobsCheckpoint.load(from: checkpointPath))
            : try BlobsTrainer(configuration: configuration(objective, seed: seed))
        let initial = try BlobsTrainer(configuration: trainer.configuration).evaluate()
        try trainer.train(checkpointPath: checkpointPath) { step in
            progress(step.fraction, "\(objective.rawValue) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
        }
        let result = trainer.evaluate()
        try trainer.network.save(to: runDirectory.appendingPathComponent("network.json").path)
        try AtomicFile.write(TrainingCurvePlot(title: "neos blobs, \(objective.rawValue) objective",
                                               yLabel: objective == .cls ? "log CLs" : objective.rawValue,
                                               runs: [("", trainer.state.history)]).svg(),
                             to: runDirectory.appendingPathComponent("training.svg").path)
        try AtomicFile.write(JSONValue.object([
            "objective": .string(objective.rawValue), "seed": .integer(Int(seed)),
            "cls": .finite(result.cls), "sigma_mu": .finite(result.sigmaMu),
            "training_loss": .numbers(trainer.state.history.trainingLoss),
            "validation_loss": .numbers(trainer.state.history.validationLoss),
        ]).rendered, to: runDirectory.appendingPathComponent("metrics.json").path)
        return Run(objective: objective.rawValue, seed: seed, cls: result.cls, sigmaMu: result.sigmaMu, initial: initial).json
    }

    func finish(results: [JSONValue]) throws -> String {
        let runs = try results.map(Run.init(json:))
        let seeds = self.seeds
        let summaries = objectives.map { objective in ObjectiveSummary(runs.filter { $0.objective == objective.rawValue }) }
        let lowest = summaries.min { $0.meanCLs < $1.meanCLs }!.objective
        let summary: JSONValue = .object([
            "benchmark": .string("neos-blobs"),
            "seeds": .array(seeds.map { .integer(Int($0)) }),
            "results": .object(Dictionary(uniqueKeysWithValues: summaries.map { ($0.objective, $0.json) })),
            "lowest_cls": .string(lowest),
            "lowest_cls_per_seed": .array(seeds.map { seed in
                .string(runs.filter { $0.seed == seed }.min { $0.cls < $1.cls }!.objective)
            }),
            "output": .string(directory.path),
        ])
        try AtomicFile.write(summary.rendered, to: directory.appendingPathComponent("summary.json").path)
        if command.reporting.json { return summary.rendered }
        return table(summaries, seeds: seeds, lowest: lowest) + "\n\nwrote \(directory.path)"
    }

    func table(_ summaries: [ObjectiveSummary], seeds: [UInt], lowest: String) -> String {
        if seeds.count == 1 {
            var table = TextTable(header: ["objective", "test CLs", "test σ_μ", "CLs before", "σ_μ before"])
            for s in summaries {
                table.append(s.objective, Format.number(s.meanCLs, digits: 4), Format.number(s.meanSigmaMu, digits: 4),
                             Format.number(s.runs[0].initial.cls, digits: 4), Format.number(s.runs[0].initial.sigmaMu, digits: 4))
            }
            return "neos blobs: expected CLs (μ = 1, background-only Asimov) and σ_μ on the test set, hard histograms\n\n" + table.rendered
        }
        var table = TextTable(header: ["objective", "mean CLs", "median CLs", "lowest CLs", "highest CLs", "mean σ_μ"])
        for s in summaries {
            table.append(s.objective, Format.number(s.meanCLs, digits: 4), Format.number(s.medianCLs, digits: 4),
                         Format.number(s.runs.map(\.cls).min()!, digits: 4), Format.number(s.runs.map(\.cls).max()!, digits: 4),
                         Format.number(s.meanSigmaMu, digits: 4))
        }
        return "neos blobs, \(seeds.count) initialisations from seed \(seeds[0]): test CLs and σ_μ, hard histograms; lowest mean CLs: \(lowest)\n\n"
            + table.rendered
    }

    /// One objective's runs over the seeds.
    struct ObjectiveSummary {
        var objective: String
        var runs: [Run]

        init(_ runs: [Run]) {
            objective = runs[0].objective
            self.runs = runs
        }

        var meanCLs: Double { runs.map(\.cls).reduce(0, +) / Double(runs.count) }
        var medianCLs: Double { Quantile.of(runs.map(\.cls), 0.5) }
        var meanSigmaMu: Double { runs.map(\.sigmaMu).reduce(0, +) / Double(runs.count) }

        var json: JSONValue {
            var members: [String: JSONValue] = [
                "cls": .finite(meanCLs), "sigma_mu": .finite(meanSigmaMu),
                "initial_cls": .finite(runs[0].initial.cls), "initial_sigma_mu": .finite(runs[0].initial.sigmaMu),
            ]
            if runs.count > 1 {
                members["median_cls"] = .finite(medianCLs)
                members["cls_per_seed"] = .numbers(runs.map(\.cls))
                members["sigma_mu_per_seed"] = .numbers(runs.map(\.sigmaMu))
            }
            return .object(members)
        }
    }
}
