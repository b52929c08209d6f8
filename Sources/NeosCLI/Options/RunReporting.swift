import ArgumentParser

/// How a long run reports: a progress bar on standard error unless `--quiet`, and the result as
/// a table or, with `--json`, one JSON object (shared by `train`, `ttbar` and `design`).
struct RunReporting: ParsableArguments {
    @Flag(help: "No progress bar.")
    var quiet = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false
}
