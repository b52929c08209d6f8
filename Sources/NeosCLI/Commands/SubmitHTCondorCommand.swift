import ArgumentParser
import Foundation
import Pipeline

/// `neos submit htcondor`: a submit description queuing the shards and a DAG with the merge.
struct SubmitHTCondorCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "htcondor",
        abstract: "Write an HTCondor submit description for the shards and a DAGMan file with the merge after them.",
        discussion: """
            Writes DIR/htcondor/shards.sub (queue N, each job running the command with \
            --shard $(Process)/N), DIR/htcondor/merge.sub and DIR/htcondor/neos.dag (the merge \
            as the child of the shards), then runs condor_submit_dag on it unless --dry-run. \
            Jobs take the submitter's environment (getenv) and start in the current directory; \
            the executable must be reachable from the execute nodes (a shared file system).
            """
    )

    @OptionGroup var submission: SubmissionOptions

    @Option(name: .customLong("request-cpus"), help: ArgumentHelp("Cores per shard (request_cpus).", valueName: "n"))
    var requestCPUs = 1

    @Option(name: .customLong("request-memory"), help: ArgumentHelp("Memory per shard (request_memory), e.g. 4GB.", valueName: "size"))
    var requestMemory: String?

    func output() throws -> String {
        let plan = try submission.submission()
        let files = HTCondorFiles(submission: plan, requestCPUs: requestCPUs, requestMemory: requestMemory)
        let logs = try plan.logsDirectory()
        let directory = plan.outputDirectory.appendingPathComponent("htcondor")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try AtomicFile.write(files.shardsDescription(logs: logs), to: directory.appendingPathComponent("shards.sub").path)
        try AtomicFile.write(files.mergeDescription(logs: logs), to: directory.appendingPathComponent("merge.sub").path)
        let dagPath = directory.appendingPathComponent("neos.dag").path
        try AtomicFile.write(files.dag, to: dagPath)
        if submission.dryRun {
            return submission.json
                ? JSONValue.object(["dag": .string(dagPath), "submitted": .bool(false)]).rendered
                : "wrote \(directory.path)/{shards.sub, merge.sub, neos.dag} (not submitted: cd \(directory.path) && condor_submit_dag neos.dag)"
        }
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let printed = try ExternalTool.run("condor_submit_dag", ["neos.dag"])
        return submission.json
            ? JSONValue.object(["dag": .string(dagPath), "submitted": .bool(true)]).rendered
            : printed.trimmingCharacters(in: .whitespacesAndNewlines) + "\nresult in \(plan.outputDirectory.path), logs in \(logs.path)"
    }
}
