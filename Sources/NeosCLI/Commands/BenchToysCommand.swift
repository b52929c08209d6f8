import ArgumentParser
import Foundation

/// `neos bench toys`: pseudo-experiments per second of a toy hypothesis test.
struct BenchToysCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "toys",
        abstract: "Time a toy-based CLs test and report the time per toy.",
        discussion: """
            Each timed run is 'neos hypotest --calculator toys' (blocks of 100 toys on all \
            cores): the fits to the data, then --ntoys toys under each hypothesis with two fits \
            each. The reported time is per toy (one pseudo-experiment of one hypothesis, \
            2 × --ntoys per run), as fixtures/toys/toy_timings.py writes pyhf's from \
            fixtures/toys/pyhf_toys.json (entry = the workspace name; pyhf runs on one core).

            Example:
              neos bench toys fixtures/workspaces/shapesys.json --ntoys 2000 --runs 5 --reference fixtures/toys/pyhf-toy-timings.json
            """
    )

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var benchmark: BenchmarkOptions

    @Option(help: ArgumentHelp("Toys per hypothesis in each run.", valueName: "n"))
    var ntoys = 1000

    @Option(parsing: .unconditional, help: ArgumentHelp("Signal strength to test.", valueName: "value"))
    var mu = 1.0

    func validate() throws {
        guard ntoys >= 1 else { throw ValidationError("--ntoys must be at least 1, got \(ntoys)") }
        guard mu.isFinite else { throw ValidationError("--mu must be a finite number") }
    }

    func output() throws -> String {
        let arguments = ["hypotest", options.workspace, "--calculator", "toys", "--ntoys", "\(ntoys)", "--mu", "\(mu)", "--quiet", "--json", "--allow-unconverged"]
            + options.patchFiles.flatMap { ["--patch", $0] } + (options.patchName.map { ["--patch-name", $0] } ?? [])
        guard let hypotest = try NeosCommand.parseAsRoot(arguments) as? HypotestCommand else { throw CommandError("cannot build the hypotest command") }
        let reference = try benchmark.referenceTimings(task: "toy", workspace: options.workspace)
        let perRun = try Timing.measure(runs: benchmark.runs) { Double(try hypotest.output().count) }
        let toysPerRun = Double(2 * ntoys)
        let perToy = Timing(seconds: perRun.seconds.map { $0 / toysPerRun })
        var report = BenchmarkReport(task: "toy", workspace: options.workspace, timing: perToy, reference: reference)
        let rate = 1 / perToy.median
        report.measurements = [
            ("toys_per_second", .finite(rate), "\(Format.number(rate, digits: 4)) (\(Int(toysPerRun)) toys per run, on \(ProcessInfo.processInfo.activeProcessorCount) cores)"),
        ]
        if let reference {
            report.measurements += reference.seconds.keys.sorted().map { backend in
                ("reference_toys_per_second_\(backend)", .finite(1 / reference.seconds[backend]!), Format.number(1 / reference.seconds[backend]!, digits: 4))
            }
        }
        return report.rendered(json: options.json)
    }
}
