import ArgumentParser

/// A subcommand whose result is one block of text: an aligned table for people or, with
/// `--json`, a single JSON object.
///
/// The work happens in ``output()`` so that callers (and tests) can run a parsed command and
/// read its result without capturing standard output; ``run()`` only prints it.
public protocol ReportingCommand: ParsableCommand {
    /// Performs the command, including writing any file it was asked for, and returns the text
    /// to print.
    func output() throws -> String
}

extension ReportingCommand {
    public func run() throws {
        print(try output())
    }
}
