import Foundation
import HistFactory
import Pipeline

/// The tasks of `neos limit --calculator toys`: for every POI value of the scan, blocks of
/// ``ToyCalculator/blockSize`` toys of both hypotheses; task i·B + k is block k of point i.
struct ToyLimitJob: ShardedJob {
    let command: LimitCommand
    let calculator: ToyCalculator
    let scan: [Double]

    init(command: LimitCommand) throws {
        self.command = command
        let (model, data) = try command.options.load()
        calculator = ToyCalculator(model: model, data: data, statistic: command.statistic)
        if let points = command.scan {
            scan = points.values
        } else {
            // 0 and ten points up to 1.5 times the largest asymptotic limit (observed or +2σ
            // expected): CLs = 1 at 0, so every curve starts above the level.
            let asymptotic = try AsymptoticCalculator(model: model, data: data, statistic: command.statistic).upperLimit(level: command.level)
            let top = 1.5 * ([asymptotic.observed] + asymptotic.expected).max()!
            scan = (0...10).map { top * Double($0) / 10 }
        }
    }

    var blocksPerPoint: Int { ToyCalculator.blockCount(toys: command.calculator.ntoys) }
    var taskCount: Int { scan.count * blocksPerPoint }
    var taskNoun: String { "toy block" }
    var outputDirectory: URL? { command.toyOutput.url }
    var inputFiles: [String] { command.options.inputFiles }
    var showsProgress: Bool { !command.quiet }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let (point, block) = index.quotientAndRemainder(dividingBy: blocksPerPoint)
        let hypothesis = calculator.hypothesis(poiValue: scan[point])
        let count = min(ToyCalculator.blockSize, command.calculator.ntoys - block * ToyCalculator.blockSize)
        let toys = calculator.block(block, count: count, of: hypothesis, pointIndex: point, seed: command.calculator.toySeed) {
            progress($0, "\(calculator.model.poiName) = \(Format.number(scan[point], digits: 4))")
        }
        var json = toys.json
        if block == 0 {
            // The observed q and the fits behind it, once per point.
            guard case var .object(fields) = json else { return json }
            fields["test_stat_obs"] = .finite(hypothesis.observedStatistic)
            fields["fits"] = hypothesis.fits.statusJSON
            json = .object(fields)
        }
        return json
    }

    func finish(results: [JSONValue]) throws -> String {
        var tests: [ToyHypotestResult] = [], unconvergedToyFits = 0, failedFits: [String] = []
        for (point, mu) in scan.enumerated() {
            let slice = Array(results[(point * blocksPerPoint)..<((point + 1) * blocksPerPoint)])
            let blocks = try slice.map(ToyBlock.init(json:))
            guard let observed = slice[0]["test_stat_obs"]?.doubleValue else {
                throw CommandError("the first toy block of \(calculator.model.poiName) = \(mu) lacks the observed test statistic")
            }
            if case let .array(names)? = slice[0]["fits"]?["unconverged"] { failedFits += names.compactMap(\.stringValue) }
            unconvergedToyFits += blocks.reduce(0) { $0 + $1.unconvergedFits }
            tests.append(ToyHypotestResult(poiValue: mu, observedStatistic: observed,
                                           signal: blocks.flatMap(\.signal), background: blocks.flatMap(\.background)))
        }
        if !failedFits.isEmpty && !command.convergence.allowUnconverged {
            throw UnconvergedFitError(report: nil, description: "\(failedFits.prefix(3).joined(separator: "; ")) did not converge: the upper limits not printed (--allow-unconverged prints them and exits with status 0)")
        }
        let points = ScanPoints(values: scan)
        let observed = tests.map(\.observed), expected = tests.map(\.expectedBand)
        let observedLimit = points.crossing(of: observed, level: command.level)
        let expectedLimits = (0..<5).map { k in points.crossing(of: expected.map { $0[k] }, level: command.level) }
        let json = JSONValue.object([
            "upper_limit_obs": .finite(observedLimit), "upper_limit_exp": .numbers(expectedLimits),
            "level": .number(command.level), "test_stat": .string(command.statistic.rawValue),
            "calculator": .string("toys"), "ntoys": .integer(command.calculator.ntoys),
            "seed": .integer(Int(command.calculator.toySeed)),
            "scan": .array(tests.map { .object(["mu": .number($0.poiValue), "cls_obs": .finite($0.observed), "cls_exp": .numbers($0.expectedBand)]) }),
            "unconverged_toy_fits": .integer(unconvergedToyFits),
        ])
        let band = BrazilBand(observedLimit: observedLimit, expectedLimits: expectedLimits, poiValues: scan,
                              observed: observed, expected: expected, level: command.level, poiName: calculator.model.poiName)
        var written: [String] = []
        if let directory = command.toyOutput.url {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try AtomicFile.write(json.rendered + "\n", to: directory.appendingPathComponent("limit.json").path)
            try AtomicFile.write(band.svg(), to: directory.appendingPathComponent("limit.svg").path)
            written += ["limit.json", "limit.svg"].map { directory.appendingPathComponent($0).path }
        }
        if let path = command.plotOptions.plot {
            try AtomicFile.write(band.svg(), to: path)
            written.append(path)
        }
        if command.options.json { return json.rendered }
        var table = TextTable(header: ["", "upper limit"])
        table.append("observed", Format.number(observedLimit))
        for (label, value) in zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], expectedLimits) {
            table.append("expected \(label)", Format.number(value))
        }
        var lines = [
            "\(Format.number(100 * (1 - command.level)))% CL upper limits on \(calculator.model.poiName) (CLs from \(command.calculator.ntoys) toys per hypothesis at \(scan.count) points from \(Format.number(scan.first!, digits: 4)) to \(Format.number(scan.last!, digits: 4)), \(command.statistic.rawValue))",
            "", table.rendered,
        ]
        if observedLimit.isNaN || expectedLimits.contains(where: \.isNaN) {
            lines += ["", "note: a CLs curve does not cross \(Format.number(command.level)) inside the scan (nan): widen --scan"]
        }
        if !written.isEmpty { lines += ["", "wrote " + written.joined(separator: ", ")] }
        return lines.joined(separator: "\n")
    }
}
