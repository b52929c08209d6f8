import Foundation

/// A command's work as a list of independent tasks with a fixed order and a deterministic
/// identity (task k is always the same patch, seed, λ or toy block), and a final step that turns
/// the tasks' results into the command's files and report.
///
/// A task's result is a JSON value: it is what a shard file stores, and the whole run passes
/// each result through its JSON text too, so that `neos merge` and the run without `--shard`
/// finish from the same numbers bit for bit.
protocol ShardedJob: Sendable {
    /// How many tasks the run has in all.
    var taskCount: Int { get }
    /// What one task is, for progress and messages ("grid point", "toy block", "seed").
    var taskNoun: String { get }
    /// The directory the command writes to (`OUTPUT`); shards go to `OUTPUT/shards/`.
    /// Nil when the command was given none, which only an unsharded run allows.
    var outputDirectory: URL? { get }
    /// The files whose contents the results depend on; their digest identifies the run's inputs.
    var inputFiles: [String] { get }
    /// Whether a progress bar goes to standard error (not with `--quiet`).
    var showsProgress: Bool { get }

    /// Runs task `index` and returns its result; writes any per-task files atomically.
    /// `progress(fraction, status)` reports the task's own progress (0…1).
    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue

    /// Writes the command's files from every task's result (in task order) and returns the report.
    func finish(results: [JSONValue]) throws -> String
}

/// A command whose work is a ``ShardedJob``: it takes `--shard` and `neos merge` can finish it.
protocol ShardableCommand: ReportingCommand {
    var sharding: ShardingOptions { get }

    /// The job this command's options describe (reads the inputs it needs to know the tasks).
    func makeJob() throws -> any ShardedJob
}

extension ShardableCommand {
    func output() throws -> String {
        try ShardedRun(job: makeJob(), shard: sharding.resolvedShard(), arguments: Invocation.arguments).output()
    }
}
