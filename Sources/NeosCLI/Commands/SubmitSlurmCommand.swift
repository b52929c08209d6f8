import ArgumentParser
import Foundation
import Pipeline

/// `neos submit slurm`: an sbatch job array and a merge job with `--dependency=afterok`.
struct SubmitSlurmCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Submit the shards as a Slurm job array and the merge as a job that waits for them.",
        discussion: """
            Writes DIR/slurm/shards.sbatch (--array=0-(N-1), each task running the command with \
            --shard auto, NEOS_SHARDS=N exported) and DIR/slurm/merge.sbatch, then submits them \
            with sbatch, the merge with --dependency=afterok:<array> --kill-on-invalid-dep=yes, \
            and prints both job ids. --wait then blocks until the merge job ends and exits with \
            status 0 if it completed, 1 otherwise (naming the shards that failed). A failed \
            shard can be run again alone: sbatch --array=I DIR/slurm/shards.sbatch, then \
            sbatch DIR/slurm/merge.sbatch (or neos merge DIR).
            """
    )

    @OptionGroup var submission: SubmissionOptions

    @Option(help: ArgumentHelp("Slurm partition (sbatch --partition).", valueName: "name"))
    var partition: String?

    @Option(help: ArgumentHelp("Time limit of each job (sbatch --time), e.g. 02:00:00.", valueName: "time"))
    var time: String?

    @Option(name: .customLong("cpus-per-task"), help: ArgumentHelp("Cores per shard (sbatch --cpus-per-task).", valueName: "n"))
    var cpusPerTask: Int?

    @Option(help: ArgumentHelp("Memory per shard (sbatch --mem), e.g. 4G.", valueName: "size"))
    var mem: String?

    @Option(help: ArgumentHelp("Account to charge (sbatch --account).", valueName: "name"))
    var account: String?

    @Option(name: .customLong("sbatch-arg"), help: ArgumentHelp("Any other sbatch option, e.g. --sbatch-arg=--qos=short (repeatable).", valueName: "option"))
    var sbatchArguments: [String] = []

    @Flag(help: "Wait for the merge job and exit with its status.")
    var wait = false

    func validate() throws {
        if wait && submission.dryRun { throw ValidationError("--wait waits for submitted jobs; --dry-run submits none") }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be at least 1") }
    }

    func output() throws -> String {
        let plan = try submission.submission()
        var shared: [String] = []
        if let partition { shared.append("--partition=\(partition)") }
        if let time { shared.append("--time=\(time)") }
        if let account { shared.append("--account=\(account)") }
        shared += sbatchArguments
        var perShard: [String] = []
        if let cpusPerTask { perShard.append("--cpus-per-task=\(cpusPerTask)") }
        if let mem { perShard.append("--mem=\(mem)") }
        let scripts = SlurmScripts(submission: plan, sharedOptions: shared, shardOptions: perShard)
        let logs = try plan.logsDirectory()
        let directory = plan.outputDirectory.appendingPathComponent("slurm")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let arrayPath = directory.appendingPathComponent("shards.sbatch").path
        let mergePath = directory.appendingPathComponent("merge.sbatch").path
        try AtomicFile.write(scripts.arrayScript(logs: logs), to: arrayPath)
        try AtomicFile.write(scripts.mergeScript(logs: logs), to: mergePath)
        if submission.dryRun {
            return report(["array_script": .string(arrayPath), "merge_script": .string(mergePath)],
                          text: "wrote \(arrayPath) and \(mergePath) (not submitted: sbatch the first, then the second with --dependency=afterok:<its id>)")
        }
        let arrayID = try Slurm.submit([arrayPath])
        let mergeID = try Slurm.submit(["--dependency=afterok:\(arrayID)", "--kill-on-invalid-dep=yes", mergePath])
        var fields: [String: JSONValue] = [
            "array_job": .string(arrayID), "merge_job": .string(mergeID), "shards": .integer(plan.shards),
            "output": .string(plan.outputDirectory.path), "logs": .string(logs.path),
        ]
        var text = "submitted job array \(arrayID) (\(plan.shards) shards) and merge job \(mergeID) after it; result in \(plan.outputDirectory.path), logs in \(logs.path)"
        guard wait else { return report(fields, text: text) }
        let state = try Slurm.wait(for: mergeID)[0]
        fields["merge_state"] = .string(state)
        text += "\nmerge job \(mergeID): \(state)"
        if state != "COMPLETED" {
            let failed = (try? failedShards(arrayID)) ?? []
            let detail = failed.isEmpty ? "see \(logs.path)" : "failed shards: \(failed.joined(separator: ", ")) (logs \(logs.path)/shard-I.out; re-run one with sbatch --array=I \(arrayPath))"
            throw CommandError("\(text); \(detail)")
        }
        return report(fields, text: text)
    }

    private func report(_ fields: [String: JSONValue], text: String) -> String {
        submission.json ? JSONValue.object(fields).rendered : text
    }

    /// The array indices whose task did not complete.
    private func failedShards(_ arrayID: String) throws -> [String] {
        try ExternalTool.run("scontrol", ["show", "job", "-o", arrayID]).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard let state = fields.first(where: { $0.hasPrefix("JobState=") }), state != "JobState=COMPLETED",
                  let index = fields.first(where: { $0.hasPrefix("ArrayTaskId=") }) else { return nil }
            return "\(index.dropFirst("ArrayTaskId=".count)) (\(state.dropFirst("JobState=".count)))"
        }
    }
}
