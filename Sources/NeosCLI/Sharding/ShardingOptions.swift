import ArgumentParser
import Foundation

/// `--shard I/N | auto`: run one shard of a command's tasks (see `neos merge`).
struct ShardingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Run only shard I of N of the tasks and write OUTPUT/shards/I-of-N.json ('auto': from the Slurm array).",
            discussion: "The tasks (grid points, toy blocks, seeds, λ values) are split into N contiguous blocks; "
                + "'neos merge OUTPUT' checks that all N shards are there and writes what the run without --shard writes. "
                + "'auto' takes I from SLURM_ARRAY_TASK_ID and N from NEOS_SHARDS or SLURM_ARRAY_TASK_COUNT; "
                + "with HTCondor pass --shard $(Process)/N.",
            valueName: "I/N|auto"
        )
    )
    var shard: ShardSelection?

    /// The shard to run, or nil for the whole run.
    func resolvedShard() throws -> Shard? {
        try shard?.resolve(environment: ProcessInfo.processInfo.environment)
    }
}
