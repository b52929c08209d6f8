import ArgumentParser
import Foundation

/// `--output DIR` of a command whose toys can be sharded: where shards, the result JSON and the
/// test-statistic plot go.
struct ToyOutputOptions: ParsableArguments {
    @Option(
        name: .customLong("output"),
        help: ArgumentHelp("Directory for the result (NAME.json, NAME.svg) and, with --shard, shards/ (toys only).", valueName: "dir")
    )
    var directory: String?

    var url: URL? { directory.map { URL(fileURLWithPath: $0) } }
}
