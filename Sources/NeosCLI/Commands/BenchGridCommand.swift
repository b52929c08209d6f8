import ArgumentParser
import Foundation

/// `neos bench grid`: the wall time of a whole signal grid, as `neos grid` runs it.
struct BenchGridCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Time a whole signal grid (CLs at μ = 1 and upper limits for every patch).",
        discussion: """
            Each timed run is 'neos grid' on all cores into a scratch directory: for every \
            patch, the asymptotic CLs at μ = 1 with its expected band and the observed and \
            expected upper limits, then the JSON, CSV and plot. --reference compares with \
            fixtures/grid/bench_grid_pyhf.py's timings of pyhf (hypotest + toms748_scan per \
            patch), entry = the PatchSet's file name without extension.

            Examples:
              neos bench grid fixtures/grid/BkgOnly.json --patchset fixtures/grid/patchset.json --runs 5 --reference fixtures/grid/pyhf-grid-timings.json
              neos bench grid BkgOnly.json --patchset patchset.json --runs 1 --reference pyhf-grid-timings.json --reference-entry erjr
            """
    )

    @Argument(help: ArgumentHelp("The background-only workspace.", valueName: "workspace"))
    var workspace: String

    @Option(help: ArgumentHelp("The pyhf PatchSet of signal hypotheses.", valueName: "file"))
    var patchset: String

    @Option(name: .customLong("patch-name"), help: ArgumentHelp("Only the patches matching this shell pattern.", valueName: "pattern"))
    var patchPattern: String?

    @OptionGroup var benchmark: BenchmarkOptions

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func output() throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("neos-bench-grid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var arguments = ["grid", workspace, "--patchset", patchset, "--output", scratch.path, "--quiet", "--json"]
        if let patchPattern { arguments += ["--patch-name", patchPattern] }
        guard let grid = try NeosCommand.parseAsRoot(arguments) as? GridCommand else { throw CommandError("cannot build the grid command") }
        let job = try grid.makeJob()
        let reference = try benchmark.referenceTimings(task: "grid", workspace: patchset)
        let timing = try Timing.measure(runs: benchmark.runs) {
            Double(try ShardedRun(job: job, shard: nil, arguments: arguments).output().count)
        }
        var report = BenchmarkReport(task: "grid", workspace: patchset, timing: timing, reference: reference)
        report.measurements = [
            ("points", .integer(job.taskCount), "\(job.taskCount) (on \(ProcessInfo.processInfo.activeProcessorCount) cores)"),
        ]
        return report.rendered(json: json)
    }
}
