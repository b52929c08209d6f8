import ArgumentParser
import Foundation

/// The options of every `neos bench` subcommand: how many runs, and which reference timings to
/// compare against.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Number of timed runs, after one untimed warm-up run.", valueName: "n"))
    var runs = 50

    @Option(help: ArgumentHelp("Timings file written by fixtures/bench_pyhf.py to compare against.", valueName: "file"))
    var reference: String?

    @Option(
        name: .customLong("reference-entry"),
        help: ArgumentHelp("Workspace entry of the reference file (default: the workspace file name without extension).", valueName: "name")
    )
    var referenceEntry: String?

    func validate() throws {
        guard runs >= 1 else {
            throw ValidationError("--runs must be at least 1, got \(runs)")
        }
    }

    /// The reference timings of `task` for `workspace`, nil without --reference.
    func referenceTimings(task: String, workspace: String) throws -> ReferenceTimings? {
        guard let reference else { return nil }
        let entry = referenceEntry ?? URL(fileURLWithPath: workspace).deletingPathExtension().lastPathComponent
        return try ReferenceTimings(path: reference, entry: entry, task: task)
    }
}
