import Foundation
import HistFactory
import Pipeline

/// The result file of one shard, `OUTPUT/shards/I-of-N.json`: the results of its tasks and what
/// made them (the command line, its working directory, the digest of its input files, the
/// version of neos), which `neos merge` compares across shards.
struct ShardRecord {
    static let format = "neos-shard-1"

    var arguments: [String]
    var workingDirectory: String
    var inputsDigest: String
    var version: String
    var shard: Shard
    var taskCount: Int
    /// (task index, result), in task order.
    var results: [(task: Int, result: JSONValue)]

    var json: JSONValue {
        .object([
            "format": .string(Self.format),
            "arguments": .array(arguments.map(JSONValue.string)),
            "working_directory": .string(workingDirectory),
            "inputs_digest": .string(inputsDigest),
            "version": .string(version),
            "shard": .integer(shard.index),
            "shards": .integer(shard.count),
            "task_count": .integer(taskCount),
            "tasks": .array(results.map { .object(["task": .integer($0.task), "result": $0.result]) }),
        ])
    }

    /// Reads a shard file; errors name the file and what is wrong with it.
    init(contentsOf path: String) throws {
        let document: JSONValue
        do {
            document = try JSONValue(JSONDocument(contentsOfFile: path))
        } catch {
            throw CommandError("\(path): not a readable shard file (\(error))")
        }
        func field(_ key: String) throws -> JSONValue {
            guard let value = document[key] else { throw CommandError("\(path): not a shard file of neos (no '\(key)')") }
            return value
        }
        guard try field("format") == .string(Self.format) else {
            throw CommandError("\(path): not a shard file of this neos (format \(try field("format").rendered), expected \"\(Self.format)\")")
        }
        guard case let .array(argumentValues) = try field("arguments"),
              case let .string(workingDirectory) = try field("working_directory"),
              case let .string(digest) = try field("inputs_digest"),
              case let .string(version) = try field("version"),
              case let .integer(index) = try field("shard"), case let .integer(count) = try field("shards"),
              case let .integer(taskCount) = try field("task_count"),
              case let .array(tasks) = try field("tasks") else {
            throw CommandError("\(path): a field of the shard file has the wrong type")
        }
        arguments = try argumentValues.map {
            guard case let .string(text) = $0 else { throw CommandError("\(path): 'arguments' holds a non-string") }
            return text
        }
        self.workingDirectory = workingDirectory
        inputsDigest = digest
        self.version = version
        shard = try Shard(index: index, count: count)
        self.taskCount = taskCount
        results = try tasks.map {
            guard case let .integer(task) = $0["task"] ?? .null, let result = $0["result"] else {
                throw CommandError("\(path): a task entry lacks 'task' or 'result'")
            }
            return (task, result)
        }
        guard results.map(\.task) == Array(shard.tasks(of: taskCount)) else {
            throw CommandError("\(path): holds tasks \(results.map(\.task)), but shard \(shard.argument) of \(taskCount) tasks runs \(Array(shard.tasks(of: taskCount)))")
        }
    }

    init(arguments: [String], workingDirectory: String, inputsDigest: String, version: String, shard: Shard, taskCount: Int, results: [(task: Int, result: JSONValue)]) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.inputsDigest = inputsDigest
        self.version = version
        self.shard = shard
        self.taskCount = taskCount
        self.results = results
    }

    func write(to path: String) throws {
        try AtomicFile.write(json.rendered + "\n", to: path)
    }
}
