import ArgumentParser

/// The value of `--shard`: an explicit `I/N`, or `auto` to take the shard from the batch system.
///
/// `auto` reads the Slurm job array: the index from `SLURM_ARRAY_TASK_ID`, the count from
/// `NEOS_SHARDS` (which the scripts of `neos submit slurm` export, so that one array index
/// submitted again with `sbatch --array=I` still knows N) or else `SLURM_ARRAY_TASK_COUNT`.
/// HTCondor has no such variables in the job's environment: pass `--shard $(Process)/N`.
enum ShardSelection: ExpressibleByArgument, Equatable {
    case explicit(Shard)
    case automatic

    init?(argument: String) {
        if argument == "auto" {
            self = .automatic
            return
        }
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]),
              let shard = try? Shard(index: index, count: count) else { return nil }
        self = .explicit(shard)
    }

    static var defaultCompletionKind: CompletionKind { .default }

    /// The shard to run, with `auto` resolved from `environment`.
    func resolve(environment: [String: String]) throws -> Shard {
        switch self {
        case let .explicit(shard):
            return shard
        case .automatic:
            guard let indexText = environment["SLURM_ARRAY_TASK_ID"] else {
                throw CommandError("--shard auto reads SLURM_ARRAY_TASK_ID, which is not set: this is not a Slurm array task (elsewhere, or with HTCondor, give --shard I/N, e.g. --shard $(Process)/N)")
            }
            let countText = environment["NEOS_SHARDS"] ?? environment["SLURM_ARRAY_TASK_COUNT"]
            guard let index = Int(indexText), let countText, let count = Int(countText) else {
                throw CommandError("--shard auto: cannot read the shard from SLURM_ARRAY_TASK_ID=\(indexText) and NEOS_SHARDS/SLURM_ARRAY_TASK_COUNT=\(environment["NEOS_SHARDS"] ?? environment["SLURM_ARRAY_TASK_COUNT"] ?? "unset")")
            }
            return try Shard(index: index, count: count)
        }
    }
}
