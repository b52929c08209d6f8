import Foundation

/// The files of an HTCondor submission: a submit description queuing one job per shard
/// (`--shard $(Process)/N`), one for the merge, and a DAGMan file that runs the merge as the
/// child of the shards (`condor_submit_dag neos.dag`).
struct HTCondorFiles {
    let submission: ShardedSubmission
    let requestCPUs: Int
    let requestMemory: String?

    /// An argument in HTCondor's new syntax: inside the double-quoted list, an argument with
    /// spaces or quotes goes in single quotes, a single quote doubled, a double quote doubled.
    static func quoted(_ argument: String) -> String {
        let escaped = argument.replacingOccurrences(of: "\"", with: "\"\"")
        if argument.isEmpty || argument.contains(where: { " \t'".contains($0) }) {
            return "'" + escaped.replacingOccurrences(of: "'", with: "''") + "'"
        }
        return escaped
    }

    private func description(arguments: [String], logs: URL, name: String, queue: Int) -> String {
        var lines = [
            "# Written by neos submit htcondor.",
            "universe = vanilla",
            "executable = \(submission.executable)",
            "arguments = \"\(arguments.map(Self.quoted).joined(separator: " "))\"",
            "initialdir = \(submission.workingDirectory)",
            "getenv = True",
            "output = \(logs.path)/\(name).out",
            "error = \(logs.path)/\(name).err",
            "log = \(logs.path)/condor.log",
            "request_cpus = \(requestCPUs)",
        ]
        if let requestMemory { lines.append("request_memory = \(requestMemory)") }
        lines.append("queue \(queue)")
        return lines.joined(separator: "\n") + "\n"
    }

    func shardsDescription(logs: URL) -> String {
        description(arguments: submission.arguments + ["--shard", "$(Process)/\(submission.shards)"], logs: logs,
                    name: "shard-$(Process)", queue: submission.shards)
    }

    func mergeDescription(logs: URL) -> String {
        description(arguments: ["merge", submission.outputDirectory.path], logs: logs, name: "merge", queue: 1)
    }

    var dag: String {
        "# Written by neos submit htcondor: condor_submit_dag neos.dag\nJOB shards shards.sub\nJOB merge merge.sub\nPARENT shards CHILD merge\n"
    }
}
