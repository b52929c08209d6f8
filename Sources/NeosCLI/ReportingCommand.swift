import Foundation
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
    /// Prints the output; a result withheld for an unconverged fit prints its report (if any)
    /// and the reason, and exits with status 3.
    public func run() throws {
        do {
            print(try output())
        } catch let error as UnconvergedFitError {
            if let report = error.report { print(report) }
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(UnconvergedFitError.exitStatus)
        }
    }
}
