import ArgumentParser
import HistFactory

/// `neos bench fit`: the time of a maximum-likelihood fit with uncertainties.
struct BenchFitCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Time the maximum-likelihood fit with uncertainties to the observed data.",
        discussion: """
            Times model.fit(data:), which includes the Hessian and its inverse for the \
            uncertainties (pyhf.infer.mle.fit(..., return_uncertainties=True) with minuit). \
            Loading the workspace and building the model are not timed.

            Example:
              neos bench fit realistic.json --runs 20 --reference pyhf-timings.json
            """
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var benchmark: BenchmarkOptions

    func output() throws -> String {
        let (model, data) = try options.load()
        let reference = try benchmark.referenceTimings(task: "fit", workspace: options.workspace)
        let timing = try Timing.measure(runs: benchmark.runs) {
            model.fit(data: data).twiceNLL
        }
        let report = BenchmarkReport(task: "fit", workspace: options.workspace, timing: timing, reference: reference)
        return report.rendered(json: options.json)
    }
}
