import HistFactory

extension FitStatus {
    /// `{"converged", "edm", "iterations", "restarts", "parameters_at_bound": [names]}`.
    func json(parameterNames: [String]) -> JSONValue {
        .object([
            "converged": .bool(converged),
            "edm": .finite(edm),
            "iterations": .integer(iterations),
            "restarts": .integer(restarts),
            "parameters_at_bound": .array(parametersAtBound.map { .string(parameterNames[$0]) }),
        ])
    }
}

extension FitStatus {
    /// One line for people: converged or not, EDM, iterations, restarts, parameters at a bound.
    func summary(parameterNames: [String]) -> String {
        var text = converged ? "converged" : "NOT converged"
        text += " (EDM \(Format.number(edm, digits: 3)), \(iterations) iterations"
        if restarts > 0 { text += ", \(restarts) restarts" }
        text += ")"
        if !parametersAtBound.isEmpty {
            text += "; at a bound: " + parametersAtBound.map { parameterNames[$0] }.joined(separator: ", ")
        }
        return text
    }
}
