import Foundation
import Pipeline

/// `neos train --benchmark inferno --table`: the INFERNO paper's Table 2 (arXiv:1806.04743) —
/// the cross-entropy classifier and INFERNO trained for benchmarks 0–4, each from --seeds
/// initialisations with the paper's settings and evaluated on benchmarks 0–4 — plus a row of our
/// own, INFERNO 2 trained with Adam (exact nuisance derivatives as every INFERNO row here).
///
/// A task is one (seed, model) training, seed-major; its result is σ_s on the five benchmarks.
struct InfernoTableRun: ShardedJob {
    let command: TrainCommand
    let directory: URL

    /// The table's rows: name in table.json, training objective, whether Adam replaces SGD, and
    /// the paper's row it is compared with.
    struct Model {
        var name: String
        var objective: InfernoTrainingConfiguration.Objective
        var adam: Bool
        var paperRow: String?
    }

    static let models: [Model] = [Model(name: "cross-entropy", objective: .crossEntropy, adam: false, paperRow: "NN classifier")]
        + (0...4).map { Model(name: "inferno-\($0)", objective: .inferno(benchmark: $0), adam: false, paperRow: "INFERNO \($0)") }
        + [Model(name: "inferno-2-adam", objective: .inferno(benchmark: 2), adam: true, paperRow: nil)]

    init(command: TrainCommand) throws {
        self.command = command
        directory = try command.runDirectory(default: "inferno-table")
    }

    var seeds: [UInt] { (0..<command.seeds).map { (command.seed ?? 777) + UInt($0) } }
    var taskCount: Int { seeds.count * Self.models.count }
    var taskNoun: String { "training" }
    var outputDirectory: URL? { directory }
    var inputFiles: [String] { [] }
    var showsProgress: Bool { !command.reporting.quiet }

    func configuration(_ model: Model, seed: UInt) -> InfernoTrainingConfiguration {
        var configuration = InfernoTrainingConfiguration.paper(model.objective, seed: seed)
        if command.quick { configuration = configuration.quick(epochs: 10, trainingEvents: 20_000, evaluationEvents: 50_000) }
        if model.adam {
            configuration.optimizer = "adam"
            configuration.learningRate = 1e-4
        }
        if let epochs = command.epochs { configuration.epochs = epochs }
        return configuration
    }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let (s, m) = index.quotientAndRemainder(dividingBy: Self.models.count)
        let (model, seed) = (Self.models[m], seeds[s])
        var trainer = try InfernoTrainer(configuration: configuration(model, seed: seed))
        try trainer.train { step in
            progress(step.fraction, "\(model.name) seed \(seed) epoch \(step.epoch + 1)/\(step.epochs)")
        }
        return .object([
            "model": .string(model.name), "seed": .integer(Int(seed)), "sigma_s": .numbers(trainer.evaluate()),
            "final_training_loss": .finite(trainer.state.history.trainingLoss.last ?? .nan),
        ])
    }

    func finish(results: [JSONValue]) throws -> String {
        var sigmas: [String: [[Double]]] = [:]
        for result in results {
            guard let name = result["model"]?.stringValue, let sigma = result["sigma_s"]?.doubles, sigma.count == 5 else {
                throw CommandError("a table training result lacks its model or its 5 σ_s values")
            }
            sigmas[name, default: []].append(sigma)
        }
        func quantiles(_ name: String, _ q: Double) -> [Double] {
            (0..<5).map { b in Quantile.of(sigmas[name]!.map { $0[b] }, q) }
        }
        let models: [String: JSONValue] = Dictionary(uniqueKeysWithValues: Self.models.map { model in
            (model.name, JSONValue.object([
                "median": .numbers(quantiles(model.name, 0.5)), "p16": .numbers(quantiles(model.name, 0.16)),
                "p84": .numbers(quantiles(model.name, 0.84)), "per_seed": .array(sigmas[model.name]!.map(JSONValue.numbers)),
                "paper_median": model.paperRow.map { .numbers(PaperNumbers.infernoRows[$0]!) } ?? .null,
            ]))
        })
        let table: JSONValue = .object([
            "seeds": .integer(seeds.count), "first_seed": .integer(Int(seeds[0])), "models": .object(models),
            "unbinned_bound": .numbers(PaperNumbers.infernoRows["Analytical likelihood"]!),
            "settings": .string(command.quick ? "quick (10 epochs, 20k training events)" : "the paper's (SGD, 200 epochs); inferno-2-adam: Adam, learning rate 1e-4"),
        ])
        try AtomicFile.write(table.rendered + "\n", to: directory.appendingPathComponent("table.json").path)
        let markdown = self.markdown(quantiles: quantiles)
        try AtomicFile.write(markdown, to: directory.appendingPathComponent("table.md").path)
        if command.reporting.json { return table.rendered }
        return markdown + "\nwrote \(directory.appendingPathComponent("table.json").path), table.md"
    }

    /// The table as Markdown: each model's median [16–84%] beside the paper's median, and the
    /// relative difference.
    private func markdown(quantiles: (String, Double) -> [Double]) -> String {
        var lines = [
            "INFERNO Table 2 (arXiv:1806.04743): expected σ_s on benchmarks 0–4, median [16–84%] over \(seeds.count) seeds from \(seeds[0]); paper: median of 100",
            "",
            "| model | B0 | B1 | B2 | B3 | B4 |",
            "|---|---|---|---|---|---|",
        ]
        func cells(_ values: [Double]) -> String { values.map { String(format: "%.2f", $0) }.joined(separator: " | ") }
        for model in Self.models {
            let (median, low, high) = (quantiles(model.name, 0.5), quantiles(model.name, 0.16), quantiles(model.name, 0.84))
            lines.append("| \(model.name) (ours) | " + (0..<5).map { String(format: "%.2f [%.2f–%.2f]", median[$0], low[$0], high[$0]) }.joined(separator: " | ") + " |")
            if let row = model.paperRow, let paper = PaperNumbers.infernoRows[row] {
                lines.append("| \(row) (paper) | \(cells(paper)) |")
                lines.append("| difference | " + (0..<5).map { String(format: "%+.1f%%", 100 * (median[$0] / paper[$0] - 1)) }.joined(separator: " | ") + " |")
            }
        }
        lines.append("| unbinned likelihood (paper) | \(cells(PaperNumbers.infernoRows["Analytical likelihood"]!)) |")
        return lines.joined(separator: "\n") + "\n"
    }
}
