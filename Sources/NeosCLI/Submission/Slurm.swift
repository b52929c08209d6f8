import Foundation

/// Slurm's client commands: submissions with `sbatch`, job states from `scontrol show job`
/// (which needs no accounting database, unlike `sacct`).
enum Slurm {
    /// `sbatch --parsable` → the job id.
    static func submit(_ arguments: [String]) throws -> String {
        let text = try ExternalTool.run("sbatch", ["--parsable"] + arguments).trimmingCharacters(in: .whitespacesAndNewlines)
        let id = text.split(separator: ";").first.map(String.init) ?? text
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else { throw CommandError("sbatch printed '\(text)', not a job id") }
        return id
    }

    /// The states of the job (for an array: of each task), `JobState=` of `scontrol show job -o`.
    static func states(of job: String) throws -> [String] {
        try ExternalTool.run("scontrol", ["show", "job", "-o", job]).split(separator: "\n").compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("JobState=") }.map { String($0.dropFirst("JobState=".count)) }
        }
    }

    static let finalStates: Set<String> = [
        "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE",
    ]

    /// Polls until the job (every task of an array) has ended; returns the final states.
    static func wait(for job: String, poll interval: TimeInterval = 1) throws -> [String] {
        while true {
            let states = try states(of: job)
            if !states.isEmpty, states.allSatisfy(finalStates.contains) { return states }
            Thread.sleep(forTimeInterval: interval)
        }
    }
}
