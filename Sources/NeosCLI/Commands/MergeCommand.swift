import ArgumentParser
import Foundation

/// `neos merge OUTPUT`: the result of a sharded run, from its shard files.
struct MergeCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the shards of a sharded run into the result the unsharded run writes.",
        discussion: """
            A command run with --shard I/N writes OUTPUT/shards/I-of-N.json. merge reads every \
            shard of OUTPUT, checks that all N are there and that all were made by the same \
            command line, from input files with the same contents (SHA-256) and by the same \
            version of neos, then finishes the run: it writes exactly the files the command \
            writes without --shard (the same JSON bit for bit, the same plots) and prints its \
            report. Missing or mismatched shards are listed and nothing is written; re-run a \
            missing shard with the same command and --shard I/N, then merge again.

            Examples:
              neos grid BkgOnly.json --patchset patchset.json --output grid --shard 0/3   # … 1/3, 2/3
              neos merge grid
            """
    )

    @Argument(help: ArgumentHelp("The --output directory of the sharded run.", valueName: "output"))
    var directory: String

    func output() throws -> String {
        try ShardMerge(directory: directory).finish()
    }
}
