import ArgumentParser
import HistFactory

/// `neos fisher`: the Fisher information of the nominal Asimov likelihood and the POI
/// uncertainty it implies (INFERNO's loss).
struct FisherCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "fisher",
        abstract: "Compute the Fisher information at the suggested parameters and the POI uncertainty.",
        discussion: """
            Evaluates I = ∂²(−log L)/∂θ∂θᵀ on the Asimov data of the suggested initial \
            parameters (the nominal templates), over the parameters that are not fixed, and \
            inverts it. σ_μ = √[I⁻¹]_μμ is the expected uncertainty of the parameter of \
            interest, the quantity INFERNO minimises. --json adds the covariance I⁻¹ with the \
            names of its rows.

            Example:
              neos fisher workspace.json --json
            """
    )

    @OptionGroup var options: WorkspaceOptions

    func output() throws -> String {
        let (model, _) = try options.load()
        let fisher = try model.fisherInformation()
        if options.json {
            return JSONValue.object([
                "poi_uncertainty": fisher.poiUncertainty.map(JSONValue.finite) ?? .null,
                "covariance": .matrix(fisher.covariance.rowArrays),
                "parameters": .array(fisher.parameterNames.map(JSONValue.string)),
            ]).rendered
        }
        var table = TextTable(header: ["parameter", "σ"])
        for (name, variance) in zip(fisher.parameterNames, fisher.covariance.diagonal) {
            table.append(name, Format.number(variance.squareRoot()))
        }
        let poi = fisher.poiUncertainty.map { "σ(\(model.poiName)) = \(Format.number($0))" } ?? "the parameter of interest is fixed"
        return poi + "\n\n" + table.rendered
    }
}
