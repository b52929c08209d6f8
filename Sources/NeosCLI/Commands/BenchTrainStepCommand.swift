import ArgumentParser
import Foundation
import GSL
import Pipeline

/// `neos bench train-step`: the time of one neos-style training step per objective.
struct BenchTrainStepCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-step",
        abstract: "Time one neos-style training step (2 → 100 → 100 → 1, 4 × 2000 events, 4 bins).",
        discussion: """
            One step of the neos example as the reference notes time it for neos/JAX: the \
            network on four samples of 2000 events, KDE histograms (4 bins, bandwidth 0.09), \
            the one-channel model (signal normfactor, background histosys), the objective and its \
            gradient through everything, and the Adam update. For the CLs objective the step \
            includes the conditional fit on the Asimov data. With --reference FILE (written by \
            fixtures/neos-step/bench_neos_step.py) it prints the speed-up over JAX.

            Example:
              neos bench train-step --reference fixtures/neos-step/neos-step-timings.json
            """
    )

    @Option(help: "Timed runs per objective (after one untimed warm-up).")
    var runs: Int = 50

    @Option(help: ArgumentHelp("JSON timings of the JAX reference step.", valueName: "file"))
    var reference: String?

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
    }

    func output() throws -> String {
        let references = try reference.map(Self.referenceSteps) ?? [:]
        var medians: [String: Double] = [:]
        var minima: [String: Double] = [:]
        for objective in BlobsTrainingConfiguration.Objective.allCases {
            var configuration = BlobsTrainingConfiguration(objective: objective)
            configuration.hiddenLayers = [100, 100]
            var trainer = try BlobsTrainer(configuration: configuration)
            let batches = trainer.firstBatches
            let timing = try Timing.measure(runs: runs) { trainer.step(on: batches) }
            medians[objective.rawValue] = timing.median
            minima[objective.rawValue] = timing.minimum
        }
        let names = BlobsTrainingConfiguration.Objective.allCases.map(\.rawValue)
        if json {
            var fields: [String: JSONValue] = [
                "task": .string("train-step"), "runs": .number(Double(runs)), "blas_kernel": .string(BLAS.coreName),
                "median_seconds": .object(medians.mapValues(JSONValue.number)),
                "min_seconds": .object(minima.mapValues(JSONValue.number)),
                "debug_build": .bool(Timing.isDebugBuild()),
            ]
            if !references.isEmpty {
                fields["speedup"] = .object(Dictionary(uniqueKeysWithValues: names.compactMap { name in
                    references[name].map { (name, JSONValue.number($0 / medians[name]!)) }
                }))
            }
            return JSONValue.object(fields).rendered
        }
        var table = TextTable(header: ["objective", "median", "min", "JAX reference", "speed-up"])
        for name in names {
            let reference = references[name]
            table.append(name, Format.milliseconds(medians[name]!), Format.milliseconds(minima[name]!),
                         reference.map(Format.milliseconds) ?? "", reference.map { Format.number($0 / medians[name]!, digits: 3) + "×" } ?? "")
        }
        var text = "one neos-style training step, \(runs) runs (BLAS kernel \(BLAS.coreName))\n\n" + table.rendered
        if Timing.isDebugBuild() { text += "\n\nnote: a debug build; time a release build (swift build -c release)" }
        return text
    }

    /// {"step_seconds": {"fisher": s, "cls": s, "bce": s}} from the JAX benchmark script.
    static func referenceSteps(_ path: String) throws -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("\(path): no such file") }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let steps = object["step_seconds"] as? [String: Double]
        else { throw CommandError("\(path): expected a JSON object with \"step_seconds\": {objective: seconds}") }
        return steps
    }
}
