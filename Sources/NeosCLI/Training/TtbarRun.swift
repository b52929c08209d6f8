import Foundation
import HistFactory
import Pipeline
import Plotting

/// `neos ttbar`: trains both summaries (a task each per seed, one core each), measures μ on
/// each, and writes workspaces, plots and the summary.
struct TtbarRun: ShardedJob {
    let command: TtbarCommand
    let seeds: [UInt]
    let benchmarks: [TtbarBenchmark]
    let directory: URL

    init(command: TtbarCommand) throws {
        self.command = command
        let base = command.benchmarkConfiguration
        let sample = try TtbarSample.load(directory: command.data, rowLimit: base.rowLimit)
        let seeds = (0..<command.seeds).map { base.seed + UInt($0) }
        self.seeds = seeds
        benchmarks = try seeds.map { seed -> TtbarBenchmark in
            var configuration = base
            configuration.seed = seed
            return try TtbarBenchmark(sample: sample, configuration: configuration)
        }
        directory = URL(fileURLWithPath: command.outputDirectory)
        do {
            for seed in seeds { try FileManager.default.createDirectory(at: Self.seedDirectory(seed, of: seeds, in: directory), withIntermediateDirectories: true) }
        } catch {
            throw CommandError("cannot create the output directory \(directory.path): \(error.localizedDescription)")
        }
    }

    static let summaries = ["bce", "inferno"]

    var taskCount: Int { seeds.count * Self.summaries.count }
    var taskNoun: String { "training" }
    var outputDirectory: URL? { directory }
    var showsProgress: Bool { !command.reporting.quiet }
    var inputFiles: [String] { TtbarSampleFiles.paths(in: command.data) }

    static func seedDirectory(_ seed: UInt, of seeds: [UInt], in directory: URL) -> URL {
        seeds.count == 1 ? directory : directory.appendingPathComponent("seed-\(seed)")
    }

    /// What one summary's task returns.
    struct Outcome {
        var name: String
        var seed: UInt
        var numbers: TtbarResultNumbers
        var bins: Int
        var history: TrainingHistory
        /// The epoch whose network was kept (lowest validation loss).
        var bestEpoch: Int
        /// (μ, 2ΔNLL) of the profile scans with all uncertainties and with statistics only.
        var totalScan: (mu: [Double], twiceDeltaNLL: [Double])
        var statisticsOnlyScan: (mu: [Double], twiceDeltaNLL: [Double])

        var json: JSONValue {
            guard case var .object(fields) = TtbarRun.json(numbers) else { return .null }
            fields["name"] = .string(name)
            fields["seed"] = .integer(Int(seed))
            fields["bins"] = .integer(bins)
            fields["training_loss"] = .numbers(history.trainingLoss)
            fields["validation_loss"] = .numbers(history.validationLoss)
            fields["epochs"] = .array(history.epochs.map(JSONValue.integer))
            fields["best_epoch"] = .integer(bestEpoch)
            fields["scan_total"] = .object(["mu": .numbers(totalScan.mu), "twice_delta_nll": .numbers(totalScan.twiceDeltaNLL)])
            fields["scan_stat"] = .object(["mu": .numbers(statisticsOnlyScan.mu), "twice_delta_nll": .numbers(statisticsOnlyScan.twiceDeltaNLL)])
            return .object(fields)
        }

        init(name: String, seed: UInt, measurement: TtbarMeasurement, history: TrainingHistory, bestEpoch: Int) {
            (self.name, self.seed, self.history, self.bestEpoch) = (name, seed, history, bestEpoch)
            numbers = TtbarResultNumbers(measurement)
            bins = measurement.workspace.channels[0].samples[0].data.count
            totalScan = (measurement.totalScan.points.map(\.mu), measurement.totalScan.points.map(\.twiceDeltaNLL))
            statisticsOnlyScan = (measurement.statisticsOnlyScan.points.map(\.mu), measurement.statisticsOnlyScan.points.map(\.twiceDeltaNLL))
        }

        init(json: JSONValue) throws {
            guard let name = json["name"]?.stringValue, case let .integer(seed)? = json["seed"], case let .integer(bins)? = json["bins"],
                  let muHat = json["mu_hat"]?.doubleValue, let total = json["unc_total"]?.doubles, let stat = json["unc_stat"]?.doubles,
                  let training = json["training_loss"]?.doubles, let validation = json["validation_loss"]?.doubles,
                  let epochs = json["epochs"]?.arrayValue, case let .integer(bestEpoch)? = json["best_epoch"],
                  let totalMu = json["scan_total"]?["mu"]?.doubles, let totalNLL = json["scan_total"]?["twice_delta_nll"]?.doubles,
                  let statMu = json["scan_stat"]?["mu"]?.doubles, let statNLL = json["scan_stat"]?["twice_delta_nll"]?.doubles,
                  total.count == 2, stat.count == 2 else {
                throw CommandError("a ttbar training result lacks one of its fields (name, seed, numbers, history, scans)")
            }
            (self.name, self.seed, self.bins, self.bestEpoch) = (name, UInt(seed), bins, bestEpoch)
            numbers = TtbarResultNumbers(muHat: muHat, total: (total[0], total[1]), statisticsOnly: (stat[0], stat[1]))
            history = TrainingHistory()
            history.epochs = epochs.compactMap { if case let .integer(e) = $0 { e } else { nil } }
            history.trainingLoss = training
            history.validationLoss = validation
            totalScan = (totalMu, totalNLL)
            statisticsOnlyScan = (statMu, statNLL)
        }
    }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let (s, k) = index.quotientAndRemainder(dividingBy: Self.summaries.count)
        let name = Self.summaries[k]
        let (benchmark, configuration) = (benchmarks[s], benchmarks[s].configuration)
        let report: (TrainingProgress) -> Void = { step in
            progress(step.fraction, "\(name) epoch \(step.epoch + 1)/\(step.epochs) loss \(Format.number(step.loss, digits: 4))")
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
        let directory = Self.seedDirectory(seeds[s], of: seeds, in: self.directory)
        try summary.network.save(to: directory.appendingPathComponent("\(name)-network.json").path)
        let measurement = try TtbarMeasurement(workspace: benchmark.workspace(of: summary), points: configuration.scanPoints)
        let outcome = Outcome(name: name, seed: seeds[s], measurement: measurement, history: history, bestEpoch: bestEpoch)
        try writeFiles(outcome, measurement: measurement, to: directory)
        return outcome.json
    }

    func finish(results: [JSONValue]) throws -> String {
        let outcomes = try results.map(Outcome.init(json:))
        for (s, seed) in seeds.enumerated() {
            let own = outcomes.filter { $0.seed == seed }
            let seedDirectory = Self.seedDirectory(seed, of: seeds, in: directory)
            try writeScans(own, to: seedDirectory)
            if seeds.count > 1 {
                try AtomicFile.write(summary(own, benchmark: benchmarks[s], directory: seedDirectory).rendered,
                                     to: seedDirectory.appendingPathComponent("summary.json").path)
            }
        }
        let result = seeds.count == 1
            ? summary(outcomes, benchmark: benchmarks[0], directory: directory)
            : ensembleSummary(outcomes, benchmark: benchmarks[0], directory: directory)
        try AtomicFile.write(result.rendered, to: directory.appendingPathComponent(seeds.count == 1 ? "summary.json" : "ensemble.json").path)
        if command.reporting.json { return result.rendered }
        return seeds.count == 1 ? table(outcomes, directory: directory) : ensembleTable(outcomes, seeds: seeds, directory: directory)
    }

    /// One summary's workspace, yields and training curve.
    func writeFiles(_ outcome: Outcome, measurement: TtbarMeasurement, to directory: URL) throws {
        let workspace = measurement.workspace
        try AtomicFile.write(workspace.jsonData(), to: directory.appendingPathComponent("\(outcome.name)-workspace.json").path)
        let title = outcome.name == "bce"
            ? "cross-entropy classifier output, \(outcome.bins) occupied bins"
            : "INFERNO summary, \(outcome.bins) occupied bins"
        try AtomicFile.write(ChannelYieldsPlot(workspace: workspace, title: title).svg(),
                             to: directory.appendingPathComponent("\(outcome.name)-yields.svg").path)
        try AtomicFile.write(TrainingCurvePlot(title: "ttbar, \(outcome.name) training", yLabel: outcome.name == "bce" ? "cross-entropy" : "σ_μ",
                                               runs: [("", outcome.history)]).svg(),
                             to: directory.appendingPathComponent("\(outcome.name)-training.svg").path)
    }

    /// Both summaries' profile scans on one plot.
    func writeScans(_ outcomes: [Outcome], to directory: URL) throws {
        var scans = Plot(title: "ttbar → τh + jets: profile likelihood of μ (Asimov)", xLabel: "μ", yLabel: "2ΔNLL")
        for outcome in outcomes {
            for (label, scan) in [("total", outcome.totalScan), ("stat. only", outcome.statisticsOnlyScan)] {
                scans.line(scan.mu, scan.twiceDeltaNLL, label: "\(outcome.name) \(label)", dashed: label != "total")
            }
        }
        scans.horizontalLine(at: 1)
        try AtomicFile.write(scans.svg(), to: directory.appendingPathComponent("scans.svg").path)
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
            guard case var .object(fields) = Self.json(outcome.numbers) else { continue }
            fields["bins"] = .integer(outcome.bins)
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

    /// The median and the 16–84% band of widths over seeds.
    static func band(_ widths: [Double]) -> JSONValue {
        .object(["median": .finite(Quantile.of(widths, 0.5)), "p16": .finite(Quantile.of(widths, 0.16)), "p84": .finite(Quantile.of(widths, 0.84))])
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
            let numbers = own.map(\.numbers)
            guard case var .object(fields) = Self.json(Self.median(numbers)) else { continue }
            fields["total_width"] = Self.band(numbers.map { $0.total.up - $0.total.down })
            fields["stat_width"] = Self.band(numbers.map { $0.statisticsOnly.up - $0.statisticsOnly.down })
            fields["per_seed"] = .array(zip(own, numbers).map { outcome, n in
                guard case var .object(entry) = Self.json(n) else { return .null }
                entry["seed"] = .integer(Int(outcome.seed))
                return .object(entry)
            })
            members[name] = .object(fields)
        }
        let medianWidth = { (name: String) in
            Quantile.of(outcomes.filter { $0.name == name }.map { $0.numbers.total.up - $0.numbers.total.down }, 0.5)
        }
        members["inferno_vs_bce_total_width"] = .finite(medianWidth("inferno") / medianWidth("bce") - 1)
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
        rendered(outcomes.map { ($0.name, $0.numbers, "\($0.bins)") },
                 noteHeader: "bins",
                 title: "ttbar → τh + jets: μ̂ with 68% profile-likelihood intervals, Asimov data (μ = 1), yields: \(command.yields.rawValue)",
                 directory: directory)
    }

    func ensembleTable(_ outcomes: [Outcome], seeds: [UInt], directory: URL) -> String {
        let rows = ["bce", "inferno"].map { name -> (label: String, numbers: TtbarResultNumbers, note: String) in
            let numbers = outcomes.filter { $0.name == name }.map(\.numbers)
            let total = numbers.map { $0.total.up - $0.total.down }, stat = numbers.map { $0.statisticsOnly.up - $0.statisticsOnly.down }
            func band(_ widths: [Double]) -> String {
                String(format: "%.3f [%.3f–%.3f]", Quantile.of(widths, 0.5), Quantile.of(widths, 0.16), Quantile.of(widths, 0.84))
            }
            return (name, Self.median(numbers), "\(band(total))  \(band(stat))")
        }
        let gain = String(format: "%+.1f%%", 100 * (Quantile.of(outcomes.filter { $0.name == "inferno" }.map { $0.numbers.total.up - $0.numbers.total.down }, 0.5)
            / Quantile.of(outcomes.filter { $0.name == "bce" }.map { $0.numbers.total.up - $0.numbers.total.down }, 0.5) - 1))
        return rendered(rows, noteHeader: "width median [16–84%]: total  stat. only",
                        title: "ttbar → τh + jets, medians over \(seeds.count) seeds from \(seeds[0]) (each its own split and initialisation), Asimov data (μ = 1), yields: \(command.yields.rawValue); INFERNO's median total width \(gain) against the classifier's",
                        directory: directory)
    }
}
