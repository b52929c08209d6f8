import ArgumentParser
import HistFactory

/// `neos eval`: the log-likelihood and expected data at one parameter point.
struct EvalCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate log L and the expected data at a parameter point.",
        discussion: """
            Parameters not given with --set stay at the model's suggested initial values. \
            Names are pyhf's: `mu`, or `gamma[2]` for the third bin of a bin-wise set. \
            log L is pyhf's logpdf of the observed data and the nominal auxiliary data; \
            expected_data lists the main bins (channels in sorted order) then the auxiliary data.

            Example:
              neos eval workspace.json --set mu=0.5 --set lumi=1.02
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp("Evaluate with parameter NAME at VALUE (repeatable).", valueName: "name=value"),
        transform: ParameterAssignment.init(parsing:)
    )
    var assignments: [ParameterAssignment] = []

    func output() throws -> String {
        let (model, data) = try options.load()
        var parameters = model.suggestedInit
        for (index, assignment) in zip(try model.indices(of: assignments, option: "--set"), assignments) {
            parameters[index] = assignment.value
        }
        let logpdf = model.logpdf(parameters, data: data)
        let expected = model.expectedData(parameters)
        if options.json {
            return JSONValue.object([
                "logpdf": .finite(logpdf),
                "expected_data": .numbers(expected),
                "parameters": .object(Dictionary(uniqueKeysWithValues: zip(model.parameterNames, parameters.map(JSONValue.finite)))),
            ]).rendered
        }
        var table = TextTable(header: ["parameter", "value"])
        for (name, value) in zip(model.parameterNames, parameters) {
            table.append(name, Format.number(value))
        }
        var bins = TextTable(header: ["bin", "expected", "observed"])
        for channel in model.channels {
            for bin in channel.bins {
                bins.append("\(channel.name)[\(bin - channel.binOffset)]", Format.number(expected[bin]), Format.number(data[bin]))
            }
        }
        let constrained = model.parameterSets.filter(\.isConstrained).flatMap(\.componentNames)
        for (offset, name) in constrained.enumerated() {
            let k = model.mainBinCount + offset
            bins.append("aux \(name)", Format.number(expected[k]), Format.number(data[k]))
        }
        return ["log L = \(Format.number(logpdf, digits: 12))", "", table.rendered, "", bins.rendered].joined(separator: "\n")
    }
}
