import Foundation
import ArgumentParser

/// The shards of one run, checked for completeness and consistency, and the finish of the run
/// from them.
struct ShardMerge {
    let records: [ShardRecord]
    let directory: String

    /// Reads every `OUTPUT/shards/*-of-N.json` and checks that they make one complete run.
    init(directory: String) throws {
        self.directory = directory
        let shardsDirectory = URL(fileURLWithPath: directory).appendingPathComponent("shards")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: shardsDirectory.path)) ?? []
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        guard !files.isEmpty else {
            throw CommandError("\(shardsDirectory.path): no shard files; run the command with --shard I/N --output \(directory) first")
        }
        let records = try files.map { try ShardRecord(contentsOf: shardsDirectory.appendingPathComponent($0).path) }
        let counts = Set(records.map(\.shard.count))
        guard counts.count == 1, let count = counts.first else {
            let listing = records.map { "\($0.shard.fileName)" }.joined(separator: ", ")
            throw CommandError("\(shardsDirectory.path): shards of runs split in different numbers of shards (\(listing)); remove the stale ones")
        }
        let present = Set(records.map(\.shard.index))
        let missing = (0..<count).filter { !present.contains($0) }
        guard missing.isEmpty else {
            let names = missing.map { "\($0)-of-\(count)" }.joined(separator: ", ")
            throw CommandError("\(shardsDirectory.path): missing \(missing.count) of \(count) shards: \(names); re-run each with the same command and --shard I/\(count), then merge again")
        }
        let first = records[0]
        var mismatches: [String] = []
        for record in records.dropFirst() {
            var differences: [String] = []
            if record.arguments != first.arguments { differences.append("command line") }
            if record.workingDirectory != first.workingDirectory { differences.append("working directory") }
            if record.inputsDigest != first.inputsDigest { differences.append("input files' contents") }
            if record.version != first.version { differences.append("neos version (\(record.version) vs \(first.version))") }
            if record.taskCount != first.taskCount { differences.append("number of tasks") }
            if !differences.isEmpty {
                mismatches.append("\(record.shard.fileName) differs from \(first.shard.fileName) in its \(differences.joined(separator: ", "))")
            }
        }
        guard mismatches.isEmpty else {
            throw CommandError("\(shardsDirectory.path): the shards come from different runs: " + mismatches.joined(separator: "; "))
        }
        self.records = records.sorted { $0.shard.index < $1.shard.index }
    }

    /// Rebuilds the command from the shards' command line, checks its inputs against the shards'
    /// digest, and finishes the run from the results in task order.
    func finish() throws -> String {
        let first = records[0]
        let current = FileManager.default.currentDirectoryPath
        if first.workingDirectory != current {
            guard FileManager.default.changeCurrentDirectoryPath(first.workingDirectory) else {
                throw CommandError("the shards were made in \(first.workingDirectory), which no longer exists: their command line \(first.arguments.joined(separator: " ")) needs it")
            }
        }
        defer { FileManager.default.changeCurrentDirectoryPath(current) }
        let parsed: ParsableCommand
        do {
            parsed = try NeosCommand.parseAsRoot(first.arguments)
        } catch {
            throw CommandError("the shards' command line '\(first.arguments.joined(separator: " "))' no longer parses: \(NeosCommand.message(for: error))")
        }
        guard let command = parsed as? any ShardableCommand else {
            throw CommandError("the shards' command '\(first.arguments.first ?? "")' cannot be sharded")
        }
        let job = try command.makeJob()
        let digest = try InputDigest.of(job.inputFiles)
        guard digest == first.inputsDigest else {
            throw CommandError("the input files \(job.inputFiles.joined(separator: ", ")) changed since the shards were made (SHA-256 \(digest.prefix(12))… now, \(first.inputsDigest.prefix(12))… then); run the shards again")
        }
        guard job.taskCount == first.taskCount else {
            throw CommandError("the command now has \(job.taskCount) tasks, the shards were made for \(first.taskCount)")
        }
        let results = records.flatMap { $0.results.map(\.result) }
        return try job.finish(results: results)
    }
}
