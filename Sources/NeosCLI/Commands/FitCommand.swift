import ArgumentParser
import HistFactory

/// `neos fit`: the maximum-likelihood fit with uncertainties and correlations.
struct FitCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit all parameters to the observed data (maximum likelihood).",
        discussion: """
            Minimises −log L within the parameter bounds, starting from the suggested \
            initial values, and reports θ̂ with the uncertainties √[H⁻¹]ᵢᵢ of the analytic \
            Hessian H. Parameters fixed by the measurement or held with --fix keep their \
            value and have no uncertainty. --json adds the correlation matrix (null when the \
            Hessian is not positive definite), in the order of "parameters".

            Example:
              neos fit workspace.json --fix mu=0 --json
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(
        name: .customLong("fix"),
        help: ArgumentHelp("Hold parameter NAME at VALUE (repeatable).", valueName: "name=value"),
        transform: ParameterAssignment.init(parsing:)
    )
    var fixed: [ParameterAssignment] = []

    @OptionGroup var convergence: ConvergenceOptions

    func output() throws -> String {
        let (model, data) = try options.load()
        let settings = try model.settings(holding: fixed)
        let result = model.fit(data: data, settings: settings)
        let report = try render(result, model: model, settings: settings)
        try convergence.check([FitRecord(name: "the fit", status: result.status)], withheld: "the result", report: report)
        return report
    }

    private func render(_ result: FitResult, model: Model, settings: FitSettings) throws -> String {
        if options.json {
            let parameters = model.parameterNames.indices.map { i -> JSONValue in
                .object([
                    "name": .string(model.parameterNames[i]),
                    "value": .finite(result.parameters[i]),
                    "uncertainty": .finite(result.uncertainties[i]),
                    "fixed": .bool(settings.fixed[i]),
                ])
            }
            return JSONValue.object([
                "parameters": .array(parameters),
                "twice_nll": .finite(result.twiceNLL),
                "converged": .bool(result.converged),
                "status": result.status.json(parameterNames: model.parameterNames),
                "correlations": .matrix(result.correlation?.rowArrays),
            ]).rendered
        }
        var table = TextTable(header: ["parameter", "value", "uncertainty"])
        for i in model.parameterNames.indices {
            let uncertainty = settings.fixed[i] ? "fixed" : "± " + Format.number(result.uncertainties[i], digits: 4)
            table.append(model.parameterNames[i], Format.number(result.parameters[i]), uncertainty)
        }
        return [
            table.rendered, "",
            "−2 log L = \(Format.number(result.twiceNLL, digits: 12))",
            result.status.summary(parameterNames: model.parameterNames),
        ].joined(separator: "\n")
    }
}

extension Model {
    /// The model's fit settings with `assignments` held at their values; throws for unknown
    /// names and for values outside a parameter's bounds.
    func settings(holding assignments: [ParameterAssignment]) throws -> FitSettings {
        var settings = FitSettings(model: self)
        for (index, assignment) in zip(try indices(of: assignments, option: "--fix"), assignments) {
            let bounds = settings.bounds[index]
            guard bounds.contains(assignment.value) else {
                throw CommandError("--fix: \(assignment.value) is outside the bounds [\(bounds.lower), \(bounds.upper)] of '\(assignment.name)'")
            }
            settings = settings.holding(index, at: assignment.value)
        }
        return settings
    }
}
