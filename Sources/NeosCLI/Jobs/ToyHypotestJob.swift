import Foundation
import HistFactory
import Pipeline
import Plotting

/// The tasks of `neos hypotest --calculator toys`: blocks of ``ToyCalculator/blockSize`` toys of
/// both hypotheses at one μ.
struct ToyHypotestJob: ShardedJob {
    let command: HypotestCommand
    let calculator: ToyCalculator
    let hypothesis: ToyHypothesis
    let poiValue: Double

    init(command: HypotestCommand) throws {
        self.command = command
        let (model, data) = try command.options.load()
        poiValue = command.mu ?? 1
        calculator = ToyCalculator(model: model, data: data, statistic: command.statistic)
        hypothesis = calculator.hypothesis(poiValue: poiValue)
    }

    var taskCount: Int { ToyCalculator.blockCount(toys: command.calculator.ntoys) }
    var taskNoun: String { "toy block" }
    var outputDirectory: URL? { command.toyOutput.url }
    var inputFiles: [String] { command.options.inputFiles }
    var showsProgress: Bool { !command.quiet }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let count = min(ToyCalculator.blockSize, command.calculator.ntoys - index * ToyCalculator.blockSize)
        let block = calculator.block(index, count: count, of: hypothesis, seed: command.calculator.toySeed) { progress($0, "") }
        return block.json
    }

    func finish(results: [JSONValue]) throws -> String {
        try command.convergence.check(hypothesis.fits, withheld: "the test result")
        let blocks = try results.map(ToyBlock.init(json:))
        let result = ToyHypotestResult(
            poiValue: poiValue, observedStatistic: hypothesis.observedStatistic,
            signal: blocks.flatMap(\.signal), background: blocks.flatMap(\.background)
        )
        let unconverged = blocks.reduce(0) { $0 + $1.unconvergedFits }
        let (clsb, clb, cls) = result.observedPValues
        let json = JSONValue.object([
            "cls_obs": .finite(cls), "cls_exp": .numbers(result.expectedBand),
            "clsb_obs": .finite(clsb), "clb_obs": .finite(clb),
            "test_stat_obs": .finite(hypothesis.observedStatistic),
            "mu": .number(poiValue), "test_stat": .string(command.statistic.rawValue),
            "calculator": .string("toys"), "ntoys": .integer(command.calculator.ntoys),
            "seed": .integer(Int(command.calculator.toySeed)),
            "fits": hypothesis.fits.statusJSON, "unconverged_toy_fits": .integer(unconverged),
        ])
        if let directory = command.toyOutput.url {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try AtomicFile.write(json.rendered + "\n", to: directory.appendingPathComponent("hypotest.json").path)
            try AtomicFile.write(TestStatisticPlot(result: result, statistic: command.statistic, poiName: calculator.model.poiName).svg(),
                                 to: directory.appendingPathComponent("hypotest.svg").path)
        }
        if command.options.json { return json.rendered }
        var table = TextTable(header: ["", "CLs"])
        table.append("observed", Format.number(cls))
        for (label, value) in zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], result.expectedBand) {
            table.append("expected \(label)", Format.number(value))
        }
        var lines = [
            "test of \(calculator.model.poiName) = \(Format.number(poiValue)) (\(command.statistic.rawValue)) with \(command.calculator.ntoys) toys per hypothesis (seed \(command.calculator.toySeed))",
            "observed q = \(Format.number(hypothesis.observedStatistic, digits: 4)), CLs+b = \(Format.number(clsb, digits: 4)), CLb = \(Format.number(clb, digits: 4))",
            "", table.rendered,
        ]
        if unconverged > 0 { lines += ["", "note: \(unconverged) fits to toys did not converge (their q is kept, as pyhf keeps it)"] }
        if let directory = command.toyOutput.url { lines += ["", "wrote \(directory.appendingPathComponent("hypotest.json").path), hypotest.svg"] }
        return lines.joined(separator: "\n")
    }
}

extension ToyBlock {
    var json: JSONValue {
        .object(["signal": .numbers(signal), "background": .numbers(background), "unconverged_fits": .integer(unconvergedFits)])
    }

    init(json: JSONValue) throws {
        guard let signal = json["signal"]?.doubles, let background = json["background"]?.doubles,
              case let .integer(unconverged)? = json["unconverged_fits"] else {
            throw CommandError("a toy block's result lacks signal, background or unconverged_fits")
        }
        self.init(signal: signal, background: background, unconvergedFits: unconverged)
    }
}

/// The distributions of the test statistic under both hypotheses, with the observed value.
struct TestStatisticPlot {
    var result: ToyHypotestResult
    var statistic: TestStatistic
    var poiName: String

    func svg() -> String {
        let all = result.signal.samples + result.background.samples + [result.observedStatistic]
        let upper = max(all.filter(\.isFinite).max() ?? 1, 1e-9)
        let binCount = 40
        let edges = (0...binCount).map { upper * Double($0) / Double(binCount) }
        func histogram(_ samples: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: binCount)
            for q in samples where q.isFinite {
                counts[min(Int(q / upper * Double(binCount)), binCount - 1)] += 1
            }
            return counts.map { $0 / Double(max(samples.count, 1)) }
        }
        var plot = Plot(title: "\(statistic.rawValue) at \(poiName) = \(Format.number(result.poiValue)): toys", xLabel: statistic.rawValue,
                        yLabel: "fraction of toys", logY: true)
        plot.steps(edges: edges, values: histogram(result.signal.samples), label: "signal + background")
        plot.steps(edges: edges, values: histogram(result.background.samples), label: "background only")
        plot.verticalLine(at: result.observedStatistic, label: "observed")
        return plot.svg()
    }
}
