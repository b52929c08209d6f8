import ArgumentParser
import HistFactory

/// `neos hypotest`: CLs (or discovery p₀) with the expected band, from asymptotics or toys.
struct HypotestCommand: ShardableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hypotest",
        abstract: "Test a signal strength with asymptotic CLs, or the background-only hypothesis with q0.",
        discussion: """
            With qtilde (the default) or q, tests μ = --mu and reports the observed CLs and \
            the expected CLs at −2σ, −1σ, median, +1σ, +2σ (ascending), as \
            pyhf.infer.hypotest(..., return_expected_set=True) does. With q0, tests μ = 0 \
            against a signal and reports the discovery p-value p₀, its expected band and the \
            observed significance Z₀.

            --calculator toys (qtilde or q) takes CLs from --ntoys pseudo-experiments per \
            hypothesis instead, as pyhf's ToyCalculator defines it; the toys come in blocks \
            of 100 seeded by (--seed, block), so --shard I/N --output DIR splits them over \
            jobs and 'neos merge DIR' gives the unsharded result. With --output DIR the result \
            also goes to DIR/hypotest.json and the test statistic's distributions to \
            DIR/hypotest.svg.

            Examples:
              neos hypotest workspace.json --mu 1
              neos hypotest workspace.json --test-stat q0 --json
              neos hypotest workspace.json --calculator toys --ntoys 2000 --seed 1
              neos hypotest workspace.json --calculator toys --ntoys 10000 --output toys --shard 3/8
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @OptionGroup var convergence: ConvergenceOptions

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Signal strength to test (default: 1; q0 always tests 0).", valueName: "value")
    )
    var mu: Double?

    @Option(name: .customLong("test-stat"), help: "Test statistic.")
    var statistic: TestStatistic = .qtilde

    @OptionGroup var calculator: CalculatorOptions

    @OptionGroup var toyOutput: ToyOutputOptions

    @OptionGroup var sharding: ShardingOptions

    @Flag(help: "No progress bar (toys).")
    var quiet = false

    func validate() throws {
        if let mu, !mu.isFinite {
            throw ValidationError("--mu must be a finite number")
        }
        if statistic == .q0, let mu, mu != 0 {
            throw ValidationError("--test-stat q0 tests μ = 0; drop --mu \(mu)")
        }
        if calculator.usesToys && statistic == .q0 {
            throw ValidationError("--calculator toys tests upper limits (qtilde or q); discovery with q0 is asymptotic only")
        }
        if !calculator.usesToys && (sharding.shard != nil || toyOutput.directory != nil) {
            throw ValidationError("--shard and --output split and keep the toys of --calculator toys; an asymptotic test is one quick task")
        }
    }

    func makeJob() throws -> any ShardedJob {
        try ToyHypotestJob(command: self)
    }

    func output() throws -> String {
        if calculator.usesToys {
            return try ShardedRun(job: makeJob(), shard: sharding.resolvedShard(), arguments: Invocation.arguments).output()
        }
        let (model, data) = try options.load()
        let isDiscovery = statistic == .q0
        let poiValue = isDiscovery ? 0 : mu ?? 1
        let calculator = AsymptoticCalculator(model: model, data: data, statistic: statistic)
        let result = calculator.hypotest(poiValue: poiValue)
        try convergence.check(result.fits, withheld: "the test result")
        if options.json {
            let key = isDiscovery ? "p0" : "cls"
            var fields: [String: JSONValue] = [
                "\(key)_obs": .finite(result.observed),
                "\(key)_exp": .numbers(result.expectedBand),
                "mu": .number(poiValue),
                "fits": result.fits.statusJSON,
                "test_stat": .string(statistic.rawValue),
            ]
            if isDiscovery { fields["z0_obs"] = .finite(result.observedSignificance) }
            return JSONValue.object(fields).rendered
        }
        var table = TextTable(header: ["", isDiscovery ? "p₀" : "CLs"])
        table.append("observed", Format.number(result.observed))
        for (label, value) in zip(["−2σ", "−1σ", "median", "+1σ", "+2σ"], result.expectedBand) {
            table.append("expected \(label)", Format.number(value))
        }
        var heading = "test of \(model.poiName) = \(Format.number(poiValue)) (\(statistic.rawValue))"
        if isDiscovery { heading += ", observed significance Z₀ = \(Format.number(result.observedSignificance, digits: 4))" }
        return heading + "\n\n" + table.rendered
    }
}
