import ArgumentParser

/// The `neos` command: pyhf-compatible HistFactory likelihoods, fits and asymptotic inference
/// on pyhf JSON workspaces.
public struct NeosCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neos",
        abstract: "Fits, hypothesis tests and limits for HistFactory models in pyhf JSON workspaces.",
        discussion: """
            neos reads a pyhf JSON workspace (schema 1.0.0), builds the model of one of its \
            measurements exactly as pyhf 0.7.6 lays it out, and evaluates, fits and tests it \
            with analytic derivatives. Every subcommand takes the workspace path first and \
            prints an aligned table, or one JSON object with --json.

            Options every subcommand takes:
              --measurement NAME      build this measurement (default: the first)
              --interpcode TYPE=CODE  interpolation of normsys or histosys: code0,
                                      code1, code2, code4 or code4p (pyhf's defaults:
                                      normsys=code4, histosys=code4p)
              --json                  print one JSON object instead of a table

            Examples:
              neos fit workspace.json
              neos hypotest workspace.json --mu 1 --json
              neos limit workspace.json --plot brazil.svg
            """,
        version: "0.1.0",
        subcommands: [
            EvalCommand.self, FitCommand.self, HypotestCommand.self, LimitCommand.self,
            ScanCommand.self, FisherCommand.self, TrainCommand.self, TtbarCommand.self, DesignCommand.self, BenchCommand.self,
        ]
    )

    /// Errors read `error: <message>`, as compilers and most Unix tools print them.
    public static var _errorPrefix: String { "error: " }

    public init() {}
}
