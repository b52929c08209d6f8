import Foundation

/// A command-line tool of the batch system (sbatch, scontrol, condor_submit_dag), found on PATH.
enum ExternalTool {
    /// Runs `tool` with `arguments`; returns standard output, or throws with standard error.
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        do {
            try process.run()
        } catch {
            throw CommandError("cannot run \(tool): \(error.localizedDescription)")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if process.terminationStatus == 127 {
                throw CommandError("\(tool) is not installed here: is this a submit host of the batch system? (--dry-run writes the files without submitting)")
            }
            throw CommandError("\(tool) \(arguments.joined(separator: " ")) failed (status \(process.terminationStatus)): \(message)")
        }
        return String(decoding: out, as: UTF8.self)
    }
}
