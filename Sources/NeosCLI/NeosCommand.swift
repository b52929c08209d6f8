import ArgumentParser

/// The `neos` command: pyhf-compatible HistFactory inference on JSON workspaces, and
/// inference-aware training of summary statistics (INFERNO, neos) and of detector parameters.
public struct NeosCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "neos",
        abstract: "HistFactory fits, tests and limits on pyhf workspaces, and summaries trained on the final uncertainty.",
        discussion: """
            Inference on a pyhf JSON workspace (schema 1.0.0), with the model laid out exactly \
            as pyhf 0.7.6 does and analytic derivatives: eval, fit, hypotest, limit, scan and \
            fisher take the workspace path first and accept

              --measurement NAME      build this measurement (default: the first)
              --interpcode TYPE=CODE  interpolation of normsys or histosys: code0,
                                      code1, code2, code4 or code4p (pyhf's defaults:
                                      normsys=code4, histosys=code4p)
              --patch FILE            apply a JSON Patch (RFC 6902) or a pyhf PatchSet's
                                      patch first (repeatable, in order)
              --patch-name NAME       the patch to take from a PatchSet

            patchset inspects, verifies and applies the PatchSets of published likelihoods \
            (a background-only workspace and one patch per signal hypothesis); grid tests \
            every patch and draws the exclusion contours. hypotest and limit take \
            --calculator toys for pseudo-experiments.

            Beyond one machine: grid, toys, train --seeds, ttbar --seeds and design --lambdas \
            are lists of tasks; --shard I/N (or auto, in a Slurm array) runs one block of them, \
            merge combines the shards into exactly the unsharded result, and submit runs the \
            whole as a Slurm job array or an HTCondor DAG.

            Training end to end, the gradient of the expected uncertainty reaching every \
            network weight: train (the INFERNO paper's benchmarks and the neos example), \
            ttbar (the CMS ttbar → τh + jets benchmark of Layer, Dorigo & Strong) and design \
            (detector parameters optimised with the network). bench times everything against \
            pyhf, relaxed and JAX. Every subcommand prints an aligned table, or one JSON \
            object with --json; `neos help SUBCOMMAND` explains its options.

            Examples:
              neos fit workspace.json
              neos hypotest workspace.json --mu 1 --json
              neos limit workspace.json --plot brazil.svg
              neos fit BkgOnly.json --patch patchset.json --patch-name ERJR_100p0_20p0
              neos grid BkgOnly.json --patchset patchset.json --output grid
              neos hypotest workspace.json --calculator toys --ntoys 5000
              neos submit slurm --shards 10 --wait -- grid BkgOnly.json --patchset patchset.json --output grid
              neos train --benchmark inferno --variant 2
              neos ttbar --seeds 5
              neos design --lambdas 0.1,1,10
            """,
        version: "0.1.0",
        subcommands: [
            EvalCommand.self, FitCommand.self, HypotestCommand.self, LimitCommand.self,
            ScanCommand.self, FisherCommand.self, PatchsetCommand.self, GridCommand.self, RankingCommand.self, MergeCommand.self, SubmitCommand.self, TrainCommand.self, TtbarCommand.self, DesignCommand.self,
            BenchCommand.self,
        ]
    )

    /// Errors read `error: <message>`, as compilers and most Unix tools print them.
    public static var _errorPrefix: String { "error: " }

    public init() {}
}
