import ArgumentParser

/// `neos bench`: timings of the library's hot paths, comparable with pyhf's.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time fits and hypothesis tests, optionally against pyhf timings.",
        discussion: """
            Each subcommand runs its task once untimed, then --runs times, and reports the \
            median and minimum wall-clock time. With --reference FILE (written by \
            fixtures/bench_pyhf.py) it also prints the speed-up over each pyhf backend: the \
            backend's median divided by ours. Time a release build (swift build -c release); \
            debug timings are flagged as not representative.

            Examples:
              neos bench fit realistic.json --runs 20
              neos bench hypotest realistic.json --reference pyhf-timings.json
            """,
        subcommands: [BenchFitCommand.self, BenchHypotestCommand.self, BenchGridCommand.self, BenchToysCommand.self, BenchKDECommand.self, BenchTrainStepCommand.self]
    )
}
