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
            Loading the workspace and building the model are not timed. The report adds the \
            number of parameters, −2 log L and the fit status, and the peak resident memory of \
            the process (loading included): run one model per process to compare sizes, as \
            fixtures/bigmodels/scaling.sh does for the big-model ladder.

            Example:
              neos bench fit realistic.json --runs 20 --reference pyhf-timings.json
            """
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var benchmark: BenchmarkOptions

    func output() throws -> String {
        let (model, data) = try options.load()
        let reference = try benchmark.referenceTimings(task: "fit", workspace: options.workspace)
        var result: FitResult?
        let timing = try Timing.measure(runs: benchmark.runs) {
            result = nil  // one fit's matrices alive at a time, as in `neos fit`
            result = model.fit(data: data)
            return result!.twiceNLL
        }
        var report = BenchmarkReport(task: "fit", workspace: options.workspace, timing: timing, reference: reference)
        let peak = Double(PeakMemory.residentBytes()) / 1_048_576
        report.measurements = [
            ("parameters", .integer(model.parameterCount), "\(model.parameterCount)"),
            ("twice_nll", .finite(result!.twiceNLL), Format.number(result!.twiceNLL, digits: 12)),
            ("converged", .bool(result!.converged), result!.status.summary(parameterNames: model.parameterNames)),
            ("peak_memory_mb", .finite(peak), Format.number(peak, digits: 4) + " MB (the whole process, loading included)"),
        ]
        return report.rendered(json: options.json)
    }
}
