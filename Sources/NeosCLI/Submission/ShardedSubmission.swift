import Foundation

/// What `neos submit` needs of the command it submits: the command line, its output directory,
/// the neos executable the jobs run, and the working directory, all checked before anything is
/// written or submitted.
struct ShardedSubmission {
    let arguments: [String]
    let outputDirectory: URL
    let executable: String
    let workingDirectory: String
    let shards: Int
    /// The name jobs carry, e.g. `neos-grid`.
    var jobName: String { "neos-" + (arguments.first ?? "run") }

    init(arguments: [String], shards: Int, executable: String?) throws {
        guard !arguments.isEmpty else {
            throw CommandError("give the neos command to run after '--', e.g. neos submit slurm --shards 10 -- grid BkgOnly.json --patchset ps.json --output grid")
        }
        guard !arguments.contains(where: { $0 == "--shard" || $0.hasPrefix("--shard=") }) else {
            throw CommandError("the submitted command must not choose its shard: submit adds --shard to every job")
        }
        let parsed: Any
        do {
            parsed = try NeosCommand.parseAsRoot(arguments)
        } catch {
            throw CommandError("the command to submit does not parse: \(NeosCommand.message(for: error))")
        }
        guard let command = parsed as? any ShardableCommand else {
            throw CommandError("'\(arguments[0])' cannot be sharded; these can: grid, hypotest and limit with --calculator toys, train --seeds, ttbar --seeds, design --lambdas")
        }
        let job = try command.makeJob()
        guard let output = job.outputDirectory else {
            throw CommandError("the submitted command needs --output DIR: its shards and result go there")
        }
        guard shards >= 1 else { throw CommandError("--shards must be at least 1, got \(shards)") }
        if shards > job.taskCount {
            throw CommandError("--shards \(shards) is more than the command's \(job.taskCount) \(job.taskNoun)s; use at most \(job.taskCount)")
        }
        self.arguments = arguments
        self.outputDirectory = output.standardizedFileURL
        self.shards = shards
        self.workingDirectory = FileManager.default.currentDirectoryPath
        let path = executable ?? Self.runningExecutable()
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CommandError("\(path) is not an executable neos (give its path with --neos)")
        }
        self.executable = URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The path of this process's executable.
    static func runningExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The directory for the job logs, created.
    func logsDirectory() throws -> URL {
        let logs = outputDirectory.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        return logs
    }

    /// `text` quoted for a POSIX shell.
    static func shellQuoted(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The shard command line for a shell: neos, the command, and `--shard shard`.
    func shellCommand(shard: String) -> String {
        ([executable] + arguments + ["--shard", shard]).map(Self.shellQuoted).joined(separator: " ")
    }

    var shellMergeCommand: String {
        [executable, "merge", outputDirectory.path].map(Self.shellQuoted).joined(separator: " ")
    }
}
