import Foundation
import Pipeline

/// `neos train --benchmark neos-blobs`: each objective trained on the same data and initial
/// network, compared on the test set.
struct BlobsTrainingRun {
    let command: TrainCommand

    var objectives: [BlobsTrainingConfiguration.Objective] {
        command.objective.flatMap(BlobsTrainingConfiguration.Objective.init(rawValue:)).map { [$0] }
            ?? BlobsTrainingConfiguration.Objective.allCases
    }

    func configuration(_ objective: BlobsTrainingConfiguration.Objective) -> BlobsTrainingConfiguration {
        var configuration = BlobsTrainingConfiguration(objective: objective)
        configuration.seed = command.seed ?? 0
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

    func report() throws -> String {
        let directory = try command.runDirectory(default: "neos-blobs")
        let objectives = self.objectives
        let progress = ProgressBar(label: "neos blobs", enabled: !command.quiet)
        let fractions = FractionBoard(count: objectives.count)
        let runs = try ParallelRuns.map(objectives.count) { index -> (objective: String, cls: Double, sigmaMu: Double, initial: (Double, Double), history: TrainingHistory) in
            let objective = objectives[index]
            let runDirectory = directory.appendingPathComponent(objective.rawValue)
            try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
            let checkpointPath = runDirectory.appendingPathComponent("checkpoint.json").path
            var trainer = command.resume
                ? try BlobsTrainer(resuming: BlobsCheckpoint.load(from: checkpointPath))
                : try BlobsTrainer(configuration: configuration(objective))
            let initial = try BlobsTrainer(configuration: trainer.configuration).evaluate()
            try trainer.train(checkpointPath: checkpointPath) { step in
                let total = fractions.set(step.fraction, at: index)
                progress.update(fraction: total, status: "\(objective.rawValue) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
            }
            let result = trainer.evaluate()
            try trainer.network.save(to: runDirectory.appendingPathComponent("network.json").path)
            try AtomicFile.write(TrainingCurvePlot(title: "neos blobs, \(objective.rawValue) objective", yLabel: objective.rawValue,
                                                   runs: [("", trainer.state.history)], logY: objective == .cls).svg(),
                                 to: runDirectory.appendingPathComponent("training.svg").path)
            try AtomicFile.write(JSONValue.object([
                "objective": .string(objective.rawValue), "cls": .finite(result.cls), "sigma_mu": .finite(result.sigmaMu),
                "training_loss": .numbers(trainer.state.history.trainingLoss),
                "validation_loss": .numbers(trainer.state.history.validationLoss),
            ]).rendered, to: runDirectory.appendingPathComponent("metrics.json").path)
            return (objective.rawValue, result.cls, result.sigmaMu, (initial.cls, initial.sigmaMu), trainer.state.history)
        }
        progress.finish()
        let summary: JSONValue = .object([
            "benchmark": .string("neos-blobs"),
            "results": .object(Dictionary(uniqueKeysWithValues: runs.map {
                ($0.objective, JSONValue.object(["cls": .finite($0.cls), "sigma_mu": .finite($0.sigmaMu),
                                                 "initial_cls": .finite($0.initial.0), "initial_sigma_mu": .finite($0.initial.1)]))
            })),
            "lowest_cls": .string(runs.min { $0.cls < $1.cls }!.objective),
            "output": .string(directory.path),
        ])
        try AtomicFile.write(summary.rendered, to: directory.appendingPathComponent("summary.json").path)
        if command.json { return summary.rendered }
        var table = TextTable(header: ["objective", "test CLs", "test σ_μ", "CLs before", "σ_μ before"])
        for run in runs {
            table.append(run.objective, Format.number(run.cls, digits: 4), Format.number(run.sigmaMu, digits: 4),
                         Format.number(run.initial.0, digits: 4), Format.number(run.initial.1, digits: 4))
        }
        return "neos blobs: expected CLs (μ = 1, background-only Asimov) and σ_μ on the test set, hard histograms\n\n"
            + table.rendered + "\n\nwrote \(directory.path)"
    }
}
