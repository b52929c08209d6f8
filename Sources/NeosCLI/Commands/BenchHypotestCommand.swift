import ArgumentParser
import HistFactory

/// `neos bench hypotest`: the time of a qtilde CLs test with its expected band.
struct BenchHypotestCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "hypotest",
        abstract: "Time an asymptotic qtilde CLs test with the expected band.",
        discussion: """
            Each timed run builds the asymptotic calculator (free fits to the data and to \
            the Asimov data, the Asimov data set) and tests μ = --mu, as \
            pyhf.infer.hypotest(mu, data, model, test_stat="qtilde", return_expected_set=True) \
            does: five fits in all.

            Example:
              neos bench hypotest realistic.json --mu 1 --runs 20
            """
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var benchmark: BenchmarkOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("Signal strength to test.", valueName: "value"))
    var mu = 1.0

    func validate() throws {
        guard mu.isFinite else { throw ValidationError("--mu must be a finite number") }
    }

    func output() throws -> String {
        let (model, data) = try options.load()
        let reference = try benchmark.referenceTimings(task: "hypotest", workspace: options.workspace)
        let timing = try Timing.measure(runs: benchmark.runs) {
            let calculator = AsymptoticCalculator(model: model, data: data, statistic: .qtilde)
            let result = calculator.hypotest(poiValue: mu)
            return result.observed + result.expectedBand.reduce(0, +)
        }
        let report = BenchmarkReport(task: "hypotest", workspace: options.workspace, timing: timing, reference: reference)
        return report.rendered(json: options.json)
    }
}
