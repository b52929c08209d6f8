import Foundation
import Pipeline

/// `neos train --benchmark neos-blobs`: each objective trained on the same data and initial
/// network, compared on the test set; with `--seeds N`, every objective is trained from N
/// initialisations and compared by its mean test CLs, as the neos paper averages 7.
struct BlobsTrainingRun {
    let command: TrainCommand

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
    }

    func report() throws -> String {
        let directory = try command.runDirectory(default: "neos-blobs")
        let objectives = self.objectives
        let seeds = (0..<command.seeds).map { (command.seed ?? 0) + UInt($0) }
        let jobs = objectives.flatMap { objective in seeds.map { (objective, $0) } }
        let progress = ProgressBar(label: "neos blobs", enabled: !command.reporting.quiet)
        let fractions = FractionBoard(count: jobs.count)
        let runs = try ParallelRuns.map(jobs.count) { index -> Run in
            let (objective, seed) = jobs[index]
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
                let total = fractions.set(step.fraction, at: index)
                progress.update(fraction: total, status: "\(objective.rawValue) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
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
            return Run(objective: objective.rawValue, seed: seed, cls: result.cls, sigmaMu: result.sigmaMu, initial: initial)
        }
        progress.finish()
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
