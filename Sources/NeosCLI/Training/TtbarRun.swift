import Foundation
import HistFactory
import Pipeline
import Plotting

/// `neos ttbar`: trains both summaries side by side (one core each), measures μ on each, and
/// writes workspaces, plots and the summary.
struct TtbarRun {
    let command: TtbarCommand

    /// What one summary's job returns.
    struct Outcome: Sendable {
        var name: String
        var measurement: TtbarMeasurement
        var history: TrainingHistory
        /// The epoch whose network was kept (lowest validation loss).
        var bestEpoch: Int
    }

    func report() throws -> String {
        let configuration = command.benchmarkConfiguration
        let sample = try TtbarSample.load(directory: command.data, rowLimit: configuration.rowLimit)
        let benchmark = try TtbarBenchmark(sample: sample, configuration: configuration)
        let directory = URL(fileURLWithPath: command.outputDirectory)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create the output directory \(directory.path): \(error.localizedDescription)")
        }
        let progress = ProgressBar(label: "ttbar", enabled: !command.quiet)
        let fractions = FractionBoard(count: 2)
        let outcomes = try ParallelRuns.map(2) { index -> Outcome in
            func report(_ name: String) -> (TrainingProgress) -> Void {
                { step in
                    let total = fractions.set(step.fraction, at: index)
                    progress.update(fraction: total, status: "\(name) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
                }
            }
            let (name, summary, history, bestEpoch): (String, TtbarSummary, TrainingHistory, Int)
            if index == 0 {
                var trainer = try TtbarClassifierTrainer(configuration: configuration, train: benchmark.train, validation: benchmark.validation, scaling: benchmark.scaling)
                try trainer.train(progress: report("bce"))
                (name, summary, history, bestEpoch) = ("bce", trainer.summary, trainer.state.history, trainer.best.epoch)
            } else {
                var trainer = try TtbarInfernoTrainer(configuration: configuration, train: benchmark.train, validation: benchmark.validation,
                                                      scaling: benchmark.scaling, normalisationOnly: benchmark.normalisationOnly)
                try trainer.train(progress: report("inferno"))
                (name, summary, history, bestEpoch) = ("inferno", trainer.summary, trainer.state.history, trainer.best.epoch)
            }
            try summary.network.save(to: directory.appendingPathComponent("\(name)-network.json").path)
            let measurement = try TtbarMeasurement(workspace: benchmark.workspace(of: summary))
            return Outcome(name: name, measurement: measurement, history: history, bestEpoch: bestEpoch)
        }
        progress.finish()
        try writeFiles(outcomes, to: directory)
        let result = summary(outcomes, benchmark: benchmark, directory: directory)
        try AtomicFile.write(result.rendered, to: directory.appendingPathComponent("summary.json").path)
        return command.json ? result.rendered : table(outcomes, directory: directory)
    }

    func writeFiles(_ outcomes: [Outcome], to directory: URL) throws {
        for outcome in outcomes {
            let workspace = outcome.measurement.workspace
            try AtomicFile.write(workspace.jsonData(), to: directory.appendingPathComponent("\(outcome.name)-workspace.json").path)
            let title = outcome.name == "bce"
                ? "cross-entropy classifier output, \(workspace.channels[0].samples[0].data.count) occupied bins"
                : "INFERNO summary, \(workspace.channels[0].samples[0].data.count) occupied bins"
            try AtomicFile.write(ChannelYieldsPlot(workspace: workspace, title: title).svg(),
                                 to: directory.appendingPathComponent("\(outcome.name)-yields.svg").path)
        }
        var scans = Plot(title: "ttbar → τh + jets: profile likelihood of μ (Asimov)", xLabel: "μ", yLabel: "2ΔNLL")
        for outcome in outcomes {
            for (label, scan) in [("total", outcome.measurement.totalScan), ("stat. only", outcome.measurement.statisticsOnlyScan)] {
                scans.line(scan.points.map(\.mu), scan.points.map(\.twiceDeltaNLL), label: "\(outcome.name) \(label)", dashed: label != "total")
            }
        }
        scans.horizontalLine(at: 1)
        try AtomicFile.write(scans.svg(), to: directory.appendingPathComponent("scans.svg").path)
        for outcome in outcomes {
            try AtomicFile.write(TrainingCurvePlot(title: "ttbar, \(outcome.name) training", yLabel: outcome.name == "bce" ? "cross-entropy" : "σ_μ",
                                                   runs: [("", outcome.history)]).svg(),
                                 to: directory.appendingPathComponent("\(outcome.name)-training.svg").path)
        }
    }

    static func json(_ numbers: TtbarResultNumbers) -> JSONValue {
        .object([
            "mu_hat": .finite(numbers.muHat),
            "unc_total": .numbers([numbers.total.down, numbers.total.up]),
            "unc_stat": .numbers([numbers.statisticsOnly.down, numbers.statisticsOnly.up]),
        ])
    }

    func summary(_ outcomes: [Outcome], benchmark: TtbarBenchmark, directory: URL) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for outcome in outcomes {
            guard case var .object(fields) = Self.json(TtbarResultNumbers(outcome.measurement)) else { continue }
            fields["bins"] = .integer(outcome.measurement.workspace.channels[0].samples[0].data.count)
            fields["training_loss"] = .numbers(outcome.history.trainingLoss)
            fields["validation_loss"] = .numbers(outcome.history.validationLoss)
            fields["best_epoch"] = .integer(outcome.bestEpoch)
            members[outcome.name] = .object(fields)
        }
        members["paper"] = .object(TtbarBenchmark.paper.mapValues(Self.json))
        members["data"] = .string("Asimov (μ = 1, nominal nuisance parameters)")
        members["yields"] = .string(command.yields.rawValue)
        members["shapes_as_normalisation"] = .array(TtbarProcess.allCases.filter(benchmark.normalisationOnly.contains).map { .string($0.rawValue) })
        members["output"] = .string(directory.path)
        return .object(members)
    }

    func table(_ outcomes: [Outcome], directory: URL) -> String {
        func interval(_ range: (down: Double, up: Double)) -> String {
            String(format: "%+.3f / %+.3f", range.down, range.up)
        }
        var table = TextTable(header: ["summary", "μ̂", "total 68%", "stat. only 68%", "bins"])
        for outcome in outcomes {
            let numbers = TtbarResultNumbers(outcome.measurement)
            table.append(outcome.name, String(format: "%.3f", numbers.muHat), interval(numbers.total), interval(numbers.statisticsOnly),
                         "\(outcome.measurement.workspace.channels[0].samples[0].data.count)")
        }
        for name in ["bce", "inferno"] {
            let numbers = TtbarBenchmark.paper[name]!
            table.append("paper \(name)", String(format: "%.3f", numbers.muHat), interval(numbers.total), interval(numbers.statisticsOnly), "")
        }
        return """
            ttbar → τh + jets: μ̂ with 68% profile-likelihood intervals, Asimov data (μ = 1), yields: \(command.yields.rawValue)

            \(table.rendered)

            paper: Layer, Dorigo & Strong (arXiv:2301.10358) repository; its bce row is a fit to data, its inferno row an Asimov fit.
            wrote \(directory.path)
            """
    }
}
