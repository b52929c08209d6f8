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
