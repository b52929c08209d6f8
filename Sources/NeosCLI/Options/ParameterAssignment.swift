import HistFactory

/// A `NAME=VALUE` setting of one model parameter, as `--set` and `--fix` take it.
struct ParameterAssignment {
    var name: String
    var value: Double

    /// Parses `NAME=VALUE` with a finite VALUE; used as the options' `transform`.
    init(parsing argument: String) throws {
        let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty else {
            throw CommandError("expected NAME=VALUE, e.g. mu=1.5")
        }
        guard let value = Double(parts[1]), value.isFinite else {
            throw CommandError("'\(parts[1])' is not a finite number")
        }
        self.name = String(parts[0])
        self.value = value
    }
}

extension Model {
    /// The flat indices of `assignments`, in order. Throws for a name the model does not have
    /// (suggesting close names) and for a parameter given twice; `option` names the option in
    /// messages.
    func indices(of assignments: [ParameterAssignment], option: String) throws -> [Int] {
        var seen = Set<String>()
        return try assignments.map { assignment in
            guard seen.insert(assignment.name).inserted else {
                throw CommandError("\(option): parameter '\(assignment.name)' is given twice")
            }
            guard let index = parameterIndex(named: assignment.name) else {
                throw CommandError("\(option): \(unknownParameterMessage(assignment.name))")
            }
            return index
        }
    }

    /// "unknown parameter 'x'" with the names the user probably meant, or all parameter
    /// names (bin-wise sets abbreviated as `gamma[0…2]`) when none is close.
    func unknownParameterMessage(_ name: String) -> String {
        let close = parameterNames.filter { candidate in
            candidate.hasPrefix(name + "[") || editDistance(name.lowercased(), candidate.lowercased()) <= max(1, name.count / 4)
        }
        if !close.isEmpty {
            let listed = close.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            return "unknown parameter '\(name)' (did you mean \(listed)?)"
        }
        let all = parameterSets.map { $0.isScalar ? $0.name : "\($0.name)[0…\($0.count - 1)]" }
        return "unknown parameter '\(name)' (the model's parameters are \(all.joined(separator: ", ")))"
    }
}
