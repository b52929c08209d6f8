import Foundation

/// `--lambdas 0.1,1,10`: one or more finite, non-negative prices λ of the detector cost.
struct LambdaList {
    var values: [Double]

    /// Parses comma-separated numbers; used as the option's `transform`.
    init(parsing argument: String) throws {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !argument.trimmingCharacters(in: .whitespaces).isEmpty else { throw CommandError("expected at least one λ, e.g. 0.1,1,10") }
        values = try parts.map { part in
            guard let value = Double(part) else { throw CommandError("'\(part)' is not a number (expected e.g. 0.1,1,10)") }
            guard value.isFinite, value >= 0 else { throw CommandError("each λ must be finite and ≥ 0, got \(part)") }
            return value
        }
    }
}
