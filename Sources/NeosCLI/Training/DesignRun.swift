import Foundation
import Pipeline

/// `neos design`: one optimisation per λ (a task each; the one at --lambda with the gradient
/// check), then the files and the report from their results.
struct DesignRun: ShardedJob {
    let command: DesignCommand
    let lambdas: [Double]
    let optimise: Optimisation
    let directory: URL

    init(command: DesignCommand) throws {
        self.command = command
        lambdas = (command.lambdas.values + [command.lambda]).reduce(into: [Double]()) { if !$0.contains($1) { $0.append($1) } }.sorted()
        optimise = try Self.optimisation(command)
        directory = try Self.runDirectory(command.outputDirectory ?? Self.defaultPath(command))
    }

    var taskCount: Int { lambdas.count }
    var taskNoun: String { "optimisation" }
    var outputDirectory: URL? { directory }
    var showsProgress: Bool { !command.reporting.quiet }
    var inputFiles: [String] { command.benchmark == .ttbar ? TtbarSampleFiles.paths(in: command.data) : [] }

    /// One optimisation's outcome, as its task returns it.
    struct Result {
        var lambda: Double
        var initial: DesignPointRecord
        var final: DesignPointRecord
        var trajectory: [DesignPointRecord]
        var check: GradientCheckRecord?

        var json: JSONValue {
            .object([
                "lambda": .number(lambda), "initial": initial.json, "final": final.json,
                "trajectory": .array(trajectory.map(\.json)), "check": check?.json ?? .null,
            ])
        }

        init(lambda: Double, initial: DesignPoint, final: DesignPoint, trajectory: [DesignPoint], check: GradientCheck?) {
            self.lambda = lambda
            self.initial = DesignPointRecord(initial)
            self.final = DesignPointRecord(final)
            self.trajectory = trajectory.map(DesignPointRecord.init)
            self.check = check.map(GradientCheckRecord.init)
        }

        init(json: JSONValue) throws {
            guard let lambda = json["lambda"]?.doubleValue, let initial = json["initial"], let final = json["final"],
                  let trajectory = json["trajectory"]?.arrayValue else {
                throw CommandError("a design optimisation's result lacks lambda, initial, final or trajectory")
            }
            self.lambda = lambda
            self.initial = try DesignPointRecord(json: initial)
            self.final = try DesignPointRecord(json: final)
            self.trajectory = try trajectory.map(DesignPointRecord.init(json:))
            check = try json["check"].flatMap { $0 == .null ? nil : try GradientCheckRecord(json: $0) }
        }
    }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        try optimise(lambdas[index], lambdas[index] == command.lambda) { step in
            progress(step.fraction, "λ \(Format.number(lambdas[index], digits: 3)) epoch \(step.epoch + 1)/\(step.epochs) L \(Format.number(step.loss, digits: 4))")
        }.json
    }

    func finish(results json: [JSONValue]) throws -> String {
        let results = try json.map(Result.init(json:))
        let main = results.first { $0.lambda == command.lambda }!
        guard let check = main.check else { throw CommandError("the optimisation at --lambda \(command.lambda) lacks its gradient check") }
        let parameters = command.benchmark == .inferno ? command.detector.parameters : command.ttbarDetector.parameters
        let names = parameters.map(\.name)
        func values(_ values: [Double]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: zip(names, values.map(JSONValue.finite))))
        }
        func point(_ p: DesignPointRecord) -> JSONValue {
            .object(["objective": .finite(p.objective), "delta_mu": .finite(p.deltaMu), "cost": .finite(p.cost), "parameters": values(p.parameters)])
        }
        let summary: JSONValue = .object([
            "benchmark": .string(command.benchmark.rawValue),
            "lambda": .number(command.lambda),
            "initial": point(main.initial), "final": point(main.final),
            "gradient_check": .object(["max_relative_error": .finite(check.maxRelativeError), "analytic": values(check.analytic),
                                       "finite_difference": values(check.finiteDifference)]),
            "tradeoff": .array(results.map { r in
                .object(["lambda": .number(r.lambda), "delta_mu": .finite(r.final.deltaMu), "cost": .finite(r.final.cost),
                         "objective": .finite(r.final.objective), "parameters": values(r.final.parameters)])
            }),
            "trajectory": .array(main.trajectory.map { p in
                .object(["epoch": .integer(p.epoch), "delta_mu": .finite(p.deltaMu), "cost": .finite(p.cost),
                         "objective": .finite(p.objective), "parameters": values(p.parameters)])
            }),
            "output": .string(outputPath),
        ])
        try AtomicFile.write(summary.rendered, to: directory.appendingPathComponent("design.json").path)
        try AtomicFile.write(DesignPlot.trajectory(main.trajectory, parameters: parameters, lambda: command.lambda,
                                                   inUnitsOfRange: command.benchmark == .ttbar,
                                                   deltaMu: command.benchmark == .ttbar ? "Δμ = σ_μ" : "Δμ = σ_s/s"),
                             to: directory.appendingPathComponent("design.svg").path)
        try AtomicFile.write(DesignPlot.tradeoff(results.map { ($0.lambda, $0.final) }), to: directory.appendingPathComponent("tradeoff.svg").path)
        if command.reporting.json { return summary.rendered }
        return text(main: main, results: results, names: names)
    }

    private func text(main: Result, results: [Result], names: [String]) -> String {
        let settings = command.settings
        let (k, seed, lambda) = ((settings.resolutionCost, settings.rateCost), settings.seed, Format.number(command.lambda, digits: 4))
        let header = command.benchmark == .inferno ? """
            Detector and analysis optimised together on the INFERNO problem (benchmark 2, s = 50, b = 1000), λ = \(lambda), seed \(seed)
            Δμ = σ_s/s; cost c = \(Format.number(k.0, digits: 4))/σ_det + \(Format.number(k.1, digits: 4))·e^(−3t); \
            initial and final on the evaluation sample
            """ : """
            Detector and analysis optimised together on the ttbar → τh + jets benchmark (INFERNO, full model), λ = \(lambda), seed \(seed)
            Δμ = σ_μ; cost c = \(Format.number(k.0, digits: 4))·(1/r − 1/\(Format.number(settings.resolutionRange.upperBound, digits: 4))) \
            + \(Format.number(k.1, digits: 4))·f_QCD(t); initial and final on the test half, trajectory on the validation part
            """
        let columns = names + ["Δμ", "cost", "L = Δμ + λc"]
        func cells(_ p: DesignPointRecord) -> [String] {
            (p.parameters + [p.deltaMu, p.cost, p.objective]).map { Format.number($0, digits: 4) }
        }
        var endpoints = TextTable(header: [""] + columns)
        endpoints.rows = [["initial"] + cells(main.initial), ["final"] + cells(main.final)]
        var trajectory = TextTable(header: ["epoch"] + columns)
        trajectory.rows = main.trajectory.map { ["\($0.epoch)"] + cells($0) }
        var tradeoff = TextTable(header: ["λ"] + columns)
        tradeoff.rows = results.map { [Format.number($0.lambda, digits: 4)] + cells($0.final) }
        let check = main.check!
        var gradient = TextTable(header: ["parameter", "∂L/∂ψ reverse", "central differences", "relative error"])
        gradient.rows = names.indices.map {
            [names[$0], Format.number(check.analytic[$0], digits: 8), Format.number(check.finiteDifference[$0], digits: 8),
             Format.number(check.relativeErrors[$0], digits: 2)]
        }
        return """
            \(header)

            \(endpoints.rendered)

            trajectory (validation sample)
            \(trajectory.rendered)

            trade-off (evaluation sample, one optimisation per λ)
            \(tradeoff.rendered)

            gradient of L with respect to ψ at the final point
            \(gradient.rendered)
            max relative error \(Format.number(check.maxRelativeError, digits: 2))

            wrote \(outputPath)
            """
    }

    /// One optimisation at λ (with the gradient check when asked), reporting its progress.
    typealias Optimisation = @Sendable (_ lambda: Double, _ check: Bool, _ progress: (TrainingProgress) -> Void) throws -> Result

    /// The optimisation of the chosen benchmark (the ttbar sample is read and split once).
    private static func optimisation(_ command: DesignCommand) throws -> Optimisation {
        switch command.benchmark {
        case .inferno:
            let detector = command.detector
            return { lambda, check, progress in
                var trainer = try DesignTrainer(configuration: command.configuration(lambda: lambda), detector: detector)
                let initial = trainer.evaluate()
                try trainer.train(progress: progress)
                return Result(lambda: lambda, initial: initial, final: trainer.evaluate(), trajectory: trainer.trajectory,
                              check: check ? trainer.gradientCheck() : nil)
            }
        case .ttbar:
            let detector = command.ttbarDetector
            let configuration = command.ttbarConfiguration(lambda: command.lambda).ttbar
            let sample = try TtbarSample.load(directory: command.data, rowLimit: configuration.rowLimit)
            let benchmark = try TtbarBenchmark(sample: sample, configuration: configuration)
            return { lambda, check, progress in
                var trainer = try TtbarDesignTrainer(configuration: command.ttbarConfiguration(lambda: lambda), detector: detector, benchmark: benchmark)
                let initial = trainer.evaluate()
                try trainer.train(progress: progress)
                return Result(lambda: lambda, initial: initial, final: trainer.evaluate(), trajectory: trainer.trajectory,
                              check: check ? trainer.gradientCheck() : nil)
            }
        }
    }

    /// --output as given (relative paths stay relative in the report and design.json), or
    /// runs/design (runs/design-ttbar).
    private var outputPath: String { command.outputDirectory ?? Self.defaultPath(command) }

    private static func defaultPath(_ command: DesignCommand) -> String {
        command.benchmark == .inferno ? "runs/design" : "runs/design-ttbar"
    }

    /// The output directory, created when missing.
    private static func runDirectory(_ outputPath: String) throws -> URL {
        let url = URL(fileURLWithPath: outputPath)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create the output directory \(url.path): \(error.localizedDescription)")
        }
        return url
    }
}
