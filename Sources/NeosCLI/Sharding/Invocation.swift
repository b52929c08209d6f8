/// The command line `neos` was started with (without the program name), which a shard records so
/// that `neos merge` can rebuild the command that made it.
///
/// `NeosCommand.main` sets it before parsing; code that runs commands in-process (tests, other
/// tools) sets it to the arguments it parsed.
enum Invocation {
    nonisolated(unsafe) static var arguments: [String] = Array(CommandLine.arguments.dropFirst())

    /// `arguments` without `--shard X` / `--shard=X`: what every shard of a run has in common.
    static func withoutShard(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var skipNext = false
        for argument in arguments {
            if skipNext { skipNext = false; continue }
            if argument == "--shard" { skipNext = true; continue }
            if argument.hasPrefix("--shard=") { continue }
            result.append(argument)
        }
        return result
    }
}
