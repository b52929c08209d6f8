import Foundation

/// The two batch scripts of a Slurm submission: a job array with one task per shard, each
/// running the command with `--shard auto`, and the merge, which `neos submit` queues with
/// `--dependency=afterok:<array>` so that it starts only when every shard succeeded.
struct SlurmScripts {
    let submission: ShardedSubmission
    /// `#SBATCH` options shared by both jobs (partition, time, account, …), as `--name=value`.
    let sharedOptions: [String]
    /// `#SBATCH` options of the array only (CPUs and memory per shard).
    let shardOptions: [String]

    func arrayScript(logs: URL) -> String {
        var lines = [
            "#!/bin/bash",
            "# Written by neos submit slurm: shard $SLURM_ARRAY_TASK_ID of \(submission.shards).",
            "# Re-run one shard after a failure: sbatch --array=I \(submission.outputDirectory.appendingPathComponent("slurm/shards.sbatch").path)",
            "#SBATCH --job-name=\(submission.jobName)",
            "#SBATCH --array=0-\(submission.shards - 1)",
            "#SBATCH --output=\(logs.path)/shard-%a.out",
            "#SBATCH --chdir=\(submission.workingDirectory)",
        ]
        lines += (sharedOptions + shardOptions).map { "#SBATCH \($0)" }
        lines += [
            "set -euo pipefail",
            "# --shard auto reads SLURM_ARRAY_TASK_ID; NEOS_SHARDS keeps N when one index is resubmitted.",
            "export NEOS_SHARDS=\(submission.shards)",
            "exec \(submission.shellCommand(shard: "auto"))",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    func mergeScript(logs: URL) -> String {
        var lines = [
            "#!/bin/bash",
            "# Written by neos submit slurm: merges the shards once every one succeeded (afterok).",
            "#SBATCH --job-name=\(submission.jobName)-merge",
            "#SBATCH --output=\(logs.path)/merge.out",
            "#SBATCH --chdir=\(submission.workingDirectory)",
        ]
        lines += sharedOptions.map { "#SBATCH \($0)" }
        lines += ["set -euo pipefail", "exec \(submission.shellMergeCommand)"]
        return lines.joined(separator: "\n") + "\n"
    }
}
