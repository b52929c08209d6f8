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
        var seed: UInt
        var measurement: TtbarMeasurement
        var history: TrainingHistory
        /// The epoch whose network was kept (lowest validation loss).
        var bestEpoch: Int
    }

    func report() throws -> String {
        let base = command.benchmarkConfiguration
        let sample = try TtbarSample.load(directory: command.data, rowLimit: base.rowLimit)
        let seeds = (0..<command.seeds).map { base.seed + UInt($0) }
        let benchmarks = try seeds.map { seed -> TtbarBenchmark in
            var configuration = base
            configuration.seed = seed
            return try TtbarBenchmark(sample: sample, configuration: configuration)
        }
        let directory = URL(fileURLWithPath: command.outputDirectory)
        @Sendable func seedDirectory(_ seed: UInt) -> URL {
            seeds.count == 1 ? directory : directory.appendingPathComponent("seed-\(seed)")
        }
        do {
            for seed in seeds { try FileManager.default.createDirectory(at: seedDirectory(seed), withIntermediateDirectories: true) }
        } catch {
            throw CommandError("cannot create the output directory \(directory.path): \(error.localizedDescription)")
        }
        let jobs = seeds.indices.flatMap { s in ["bce", "inferno"].map { (s, $0) } }
        let progress = ProgressBar(label: "ttbar", enabled: !command.reporting.quiet)
        let fractions = FractionBoard(count: jobs.count)
        let outcomes = try ParallelRuns.map(jobs.count) { index -> Outcome in
            let (s, name) = jobs[index]
            let (benchmark, configuration) = (benchmarks[s], benchmarks[s].configuration)
            let report: (TrainingProgress) -> Void = { step in
                let total = fractions.set(step.fraction, at: index)
                progress.update(fraction: total, status: "\(name) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
            }
            let (summary, history, bestEpoch): (TtbarSummary, TrainingHistory, Int)
            if name == "bce" {
                var trainer = try TtbarClassifierTrainer(configuration: configuration, train: benchmark.train, validation: benchmark.validation, scaling: benchmark.scaling)
                try trainer.train(progress: report)
                (summary, history, bestEpoch) = (trainer.summary, trainer.state.history, trainer.best.epoch)
            } else {
                var trainer = try TtbarInfernoTrainer(configuration: configuration, train: benchmark.train, validation: benchmark.validation,
                                                      scaling: benchmark.scaling, normalisationOnly: benchmark.normalisationOnly)
                try trainer.train(progress: report)
                (summary, history, bestEpoch) = (trainer.summary, trainer.state.history, trainer.best.epoch)
            }
            try summary.network.save(to: seedDirectory(seeds[s]).appendingPathComponent("\(name)-network.json").path)
            let measurement = try TtbarMeasurement(workspace: benchmark.workspace(of: summary), points: configuration.scanPoints)
            return Outcome(name: name, seed: seeds[s], measurement: measurement, history: history, bestEpoch: bestEpoch)
        }
        progress.finish()
        for (s, seed) in seeds.enumerated() {
            let own = outcomes.filter { $0.seed == seed }
            try writeFiles(own, to: seedDirectory(seed))
            if seeds.count > 1 {
                try AtomicFile.write(summary(own, benchmark: benchmarks[s], directory: seedDirectory(seed)).rendered,
                                     to: seedDirectory(seed).appendingPathComponent("summary.json").path)
            }
        }
        let result = seeds.count == 1
            ? summary(outcomes, benchmark: benchmarks[0], directory: directory)
            : ensembleSummary(outcomes, benchmark: benchmarks[0], directory: directory)
        try AtomicFile.write(result.rendered, to: directory.appendingPathComponent(seeds.count == 1 ? "summary.json" : "ensemble.json").path)
        if command.reporting.json { return result.rendered }
        return seeds.count == 1 ? table(outcomes, directory: directory) : ensembleTable(outcomes, seeds: seeds, directory: directory)
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

    /// The median over seeds of μ̂ and of each interval end, separately.
    static func median(_ numbers: [TtbarResultNumbers]) -> TtbarResultNumbers {
        func m(_ values: [Double]) -> Double { Quantile.of(values, 0.5) }
        return TtbarResultNumbers(
            muHat: m(numbers.map(\.muHat)),
            total: (m(numbers.map(\.total.down)), m(numbers.map(\.total.up))),
            statisticsOnly: (m(numbers.map(\.statisticsOnly.down)), m(numbers.map(\.statisticsOnly.up)))
        )
    }

    func ensembleSummary(_ outcomes: [Outcome], benchmark: TtbarBenchmark, directory: URL) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for name in ["bce", "inferno"] {
            let own = outcomes.filter { $0.name == name }
            let numbers = own.map { TtbarResultNumbers($0.measurement) }
            guard case var .object(fields) = Self.json(Self.median(numbers)) else { continue }
            let widths = numbers.map { $0.total.up - $0.total.down }
            fields["total_width_p16_p84"] = .numbers([Quantile.of(widths, 0.16), Quantile.of(widths, 0.84)])
            fields["per_seed"] = .array(zip(own, numbers).map { outcome, n in
                guard case var .object(entry) = Self.json(n) else { return .null }
                entry["seed"] = .integer(Int(outcome.seed))
                return .object(entry)
            })
            members[name] = .object(fields)
        }
        members["seeds"] = .array(Array(Set(outcomes.map(\.seed))).sorted().map { .integer(Int($0)) })
        members["statistic"] = .string("median over seeds of μ̂ and of each interval end")
        members["paper"] = .object(TtbarBenchmark.paper.mapValues(Self.json))
        members["data"] = .string("Asimov (μ = 1, nominal nuisance parameters)")
        members["yields"] = .string(command.yields.rawValue)
        members["output"] = .string(directory.path)
        return .object(members)
    }

    private static func interval(_ range: (down: Double, up: Double)) -> String {
        String(format: "%+.3f / %+.3f", range.down, range.up)
    }

    private func rendered(_ rows: [(label: String, numbers: TtbarResultNumbers, note: String)], noteHeader: String, title: String, directory: URL) -> String {
        var table = TextTable(header: ["summary", "μ̂", "total 68%", "stat. only 68%", noteHeader])
        for row in rows {
            table.append(row.label, String(format: "%.3f", row.numbers.muHat), Self.interval(row.numbers.total),
                         Self.interval(row.numbers.statisticsOnly), row.note)
        }
        for name in ["bce", "inferno"] {
            let numbers = TtbarBenchmark.paper[name]!
            table.append("paper \(name)", String(format: "%.3f", numbers.muHat), Self.interval(numbers.total), Self.interval(numbers.statisticsOnly), "")
        }
        return """
            \(title)

            \(table.rendered)

            paper: Layer, Dorigo & Strong (arXiv:2301.10358) repository; its bce row is a fit to data, its inferno row an Asimov fit.
            wrote \(directory.path)
            """
    }

    func table(_ outcomes: [Outcome], directory: URL) -> String {
        rendered(outcomes.map { ($0.name, TtbarResultNumbers($0.measurement), "\($0.measurement.workspace.channels[0].samples[0].data.count)") },
                 noteHeader: "bins",
                 title: "ttbar → τh + jets: μ̂ with 68% profile-likelihood intervals, Asimov data (μ = 1), yields: \(command.yields.rawValue)",
                 directory: directory)
    }

    func ensembleTable(_ outcomes: [Outcome], seeds: [UInt], directory: URL) -> String {
        let rows = ["bce", "inferno"].map { name -> (label: String, numbers: TtbarResultNumbers, note: String) in
            let numbers = outcomes.filter { $0.name == name }.map { TtbarResultNumbers($0.measurement) }
            let widths = numbers.map { $0.total.up - $0.total.down }
            return (name, Self.median(numbers), String(format: "%.3f–%.3f", Quantile.of(widths, 0.16), Quantile.of(widths, 0.84)))
        }
        return rendered(rows, noteHeader: "total width 16–84%",
                        title: "ttbar → τh + jets, medians over \(seeds.count) seeds from \(seeds[0]) (each its own split and initialisation), Asimov data (μ = 1), yields: \(command.yields.rawValue)",
                        directory: directory)
    }
}
