import ArgumentParser

/// `neos submit`: a sharded run as a job array of a batch system, with the merge after it.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Run a shardable command as a job array on Slurm or HTCondor, merged when every shard is done.",
        discussion: """
            The command after '--' is any neos command whose work is a list of tasks (grid; \
            hypotest and limit with --calculator toys; train --seeds; ttbar --seeds; design \
            --lambdas), with --output DIR. Each job of the array runs one shard of it and \
            writes DIR/shards/I-of-N.json; a last job runs 'neos merge DIR', which writes what \
            the command writes without sharding. Scripts go to DIR/slurm or DIR/htcondor, logs \
            to DIR/logs. neos is not a scheduler: Slurm and HTCondor are.

            Examples:
              neos submit slurm --shards 20 --time 01:00:00 -- grid BkgOnly.json --patchset ps.json --output grid
              neos submit slurm --shards 8 --wait -- hypotest ws.json --calculator toys --ntoys 10000 --output toys
              neos submit htcondor --shards 20 --dry-run -- grid BkgOnly.json --patchset ps.json --output grid
            """,
        subcommands: [SubmitSlurmCommand.self, SubmitHTCondorCommand.self]
    )
}

/// What both engines take: the number of shards, where neos is, --dry-run, and the command.
struct SubmissionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Jobs in the array: the command's tasks are split into this many shards.", valueName: "n"))
    var shards: Int

    @Option(help: ArgumentHelp("The neos executable the jobs run (default: this one).", valueName: "path"))
    var neos: String?

    @Flag(name: .customLong("dry-run"), help: "Write the scripts, submit nothing.")
    var dryRun = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The neos command to run, after '--'.", valueName: "command"))
    var command: [String] = []

    func submission() throws -> ShardedSubmission {
        try ShardedSubmission(arguments: command, shards: shards, executable: neos)
    }
}
