import Pipeline
import ArgumentParser
import HistFactory

/// `neos limit`: observed and expected CLs upper limits on the parameter of interest.
struct LimitCommand: ShardableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "Compute observed and expected CLs upper limits on the parameter of interest.",
        discussion: """
            Solves CLs(μ) = --level for the observed CLs and for each line of the expected \
            band (−2σ … +2σ) with Brent's method, bracketing from the POI bounds as pyhf's \
            toms748_scan does. --plot draws the Brazil band: the observed and expected CLs \
            against μ at the points the root finder evaluated, with a line at the level.

            --calculator toys computes CLs from --ntoys pseudo-experiments per hypothesis at \
            each point of --scan START:STOP:COUNT (default: 0 and 10 points up to 1.5 times the \
            largest asymptotic limit) and interpolates the crossings linearly, as pyhf's \
            upper_limit(..., scan) does with toys. Each (point, block of 100 toys) is a task: \
            --shard I/N --output DIR splits them over jobs, 'neos merge DIR' finishes; with \
            --output the result goes to DIR/limit.json and the Brazil band to DIR/limit.svg.

            Examples:
              neos limit workspace.json --level 0.05 --plot brazil.svg
              neos limit workspace.json --calculator toys --ntoys 1000 --scan 0.5:5:10 --plot brazil.svg
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @OptionGroup var convergence: ConvergenceOptions

    @Option(help: ArgumentHelp("CLs level α: the limit is at 1 − α confidence.", valueName: "alpha"))
    var level = 0.05

    @Option(name: .customLong("test-stat"), help: "Test statistic (qtilde or q).")
    var statistic: TestStatistic = .qtilde

    @OptionGroup var plotOptions: PlotOptions

    @OptionGroup var calculator: CalculatorOptions

    @Option(
        help: ArgumentHelp("POI values of the toy scan (toys only).", valueName: "start:stop:count"),
        transform: ScanPoints.init(parsing:)
    )
    var scan: ScanPoints?

    @OptionGroup var toyOutput: ToyOutputOptions

    @OptionGroup var sharding: ShardingOptions

    @Flag(help: "No progress bar (toys).")
    var quiet = false

    func validate() throws {
        guard level > 0 && level < 1 else {
            throw ValidationError("--level must lie strictly between 0 and 1, got \(level)")
        }
        guard statistic != .q0 else {
            throw ValidationError("upper limits need --test-stat qtilde or q; q0 is for discovery (see 'neos hypotest')")
        }
        if !calculator.usesToys && (sharding.shard != nil || toyOutput.directory != nil || scan != nil) {
            throw ValidationError("--scan, --shard and --output belong to --calculator toys; asymptotic limits are solved directly")
        }
    }

    func makeJob() throws -> any ShardedJob {
        try ToyLimitJob(command: self)
    }

    func output() throws -> String {
        if calculator.usesToys {
            return try ShardedRun(job: makeJob(), shard: sharding.resolvedShard(), arguments: Invocation.arguments).output()
        }
        let (model, data) = try options.load()
        let calculator = AsymptoticCalculator(model: model, data: data, statistic: statistic)
        let limit = try calculator.upperLimit(level: level)
        try convergence.check(limit.fits, withheld: "the upper limits")
        if let path = plotOptions.plot {
            let largest = ([limit.observed] + limit.expected).max()!
            let grid = (0...40).map { 1.5 * largest * Double($0) / 40 }
            let band = BrazilBand(limit: limit, curves: calculator.hypotests(poiValues: grid), level: level, poiName: model.poiName)
            try AtomicFile.write(band.svg(), to: path)
        }
        if options.json {
            return JSONValue.object([
                "fits": limit.fits.statusJSON,
                "upper_limit_obs": .finite(limit.observed),
                "upper_limit_exp": .numbers(limit.expected),
                "level": .number(level),
                "test_stat": .string(statistic.rawValue),
            ]).rendered
        }
        var table = TextTable(header: ["", "upper limit"])
        table.append("observed", Format.number(limit.observed))
        for (label, value) in zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], limit.expected) {
            table.append("expected \(label)", Format.number(value))
        }
        var lines = ["\(Format.number(100 * (1 - level)))% CL upper limits on \(model.poiName) (CLs, \(statistic.rawValue))", "", table.rendered]
        if let path = plotOptions.plot { lines += ["", "wrote \(path)"] }
        return lines.joined(separator: "\n")
    }
}
