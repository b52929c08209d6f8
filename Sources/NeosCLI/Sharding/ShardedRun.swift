import Foundation
import Pipeline

/// Runs a ``ShardedJob``: all of it (then finishes it), or one shard (then writes the shard file).
struct ShardedRun {
    let job: any ShardedJob
    let shard: Shard?
    /// The command line, recorded in the shard file for `neos merge`.
    let arguments: [String]

    func output() throws -> String {
        guard let shard else {
            let results = try runTasks(0..<job.taskCount)
            return try job.finish(results: results)
        }
        guard let directory = job.outputDirectory else {
            throw CommandError("--shard needs --output DIR: the shard's results go to DIR/shards/\(shard.fileName)")
        }
        let tasks = shard.tasks(of: job.taskCount)
        let results = try runTasks(tasks)
        let record = ShardRecord(
            arguments: Invocation.withoutShard(arguments),
            workingDirectory: FileManager.default.currentDirectoryPath,
            inputsDigest: try InputDigest.of(job.inputFiles),
            version: NeosCommand.configuration.version,
            shard: shard, taskCount: job.taskCount,
            results: Array(zip(tasks, results))
        )
        let shardsDirectory = directory.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shardsDirectory, withIntermediateDirectories: true)
        let path = shardsDirectory.appendingPathComponent(shard.fileName).path
        try record.write(to: path)
        let span = tasks.isEmpty ? "no \(job.taskNoun)s" : "\(job.taskNoun)s \(tasks.lowerBound)…\(tasks.upperBound - 1) of \(job.taskCount)"
        return "shard \(shard.argument): \(span); wrote \(path) (run 'neos merge \(directory.path)' when every shard is done)"
    }

    /// Runs `tasks` side by side on all cores and returns their results in task order, each read
    /// back from its JSON text as a shard file would give it.
    private func runTasks(_ tasks: Range<Int>) throws -> [JSONValue] {
        let progress = ProgressBar(label: job.taskNoun + "s", enabled: job.showsProgress && !tasks.isEmpty)
        let board = FractionBoard(count: tasks.count)
        let job = self.job
        let noun = job.taskNoun, total = job.taskCount
        let runOne: @Sendable (Int) throws -> JSONValue = { offset in
            let task = tasks.lowerBound + offset
            let result = try job.run(task: task) { fraction, status in
                let overall = board.set(fraction, at: offset)
                progress.update(fraction: overall, status: "\(noun) \(task + 1)/\(total) \(status)")
            }
            _ = board.set(1, at: offset)
            return try JSONValue(parsing: result.rendered)
        }
        let results = try ParallelRuns.map(tasks.count, runOne)
        progress.finish()
        return results
    }
}
