import _Differentiation
import ArgumentParser
import HistFactory
import Objectives

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

            --gradient adds dσ_μ/dT for every template number T of the workspace, exact (by \
            differentiating the Fisher information through the templates, with the Asimov data \
            moving along): keyed CHANNEL/SAMPLE/nominal and CHANNEL/SAMPLE/MODIFIER/hi_data, \
            .../lo_data (arrays over bins) and .../hi, .../lo (normsys factors). It shows which \
            bins and which variations drive the uncertainty.

            Example:
              neos fisher workspace.json --json
              neos fisher workspace.json --gradient
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @Flag(help: "Add dσ_μ/d(every template number) of the workspace.")
    var gradient = false

    func output() throws -> String {
        let (model, _) = try options.load()
        let fisher = try model.fisherInformation()
        let sensitivity = try gradient ? TemplateSensitivity(options.loadTemplateModel()) : nil
        if options.json {
            var fields: [String: JSONValue] = [
                "poi_uncertainty": fisher.poiUncertainty.map(JSONValue.finite) ?? .null,
                "covariance": .matrix(fisher.covariance.rowArrays),
                "parameters": .array(fisher.parameterNames.map(JSONValue.string)),
            ]
            if let sensitivity { fields["gradient"] = sensitivity.json }
            return JSONValue.object(fields).rendered
        }
        var table = TextTable(header: ["parameter", "σ"])
        for (name, variance) in zip(fisher.parameterNames, fisher.covariance.diagonal) {
            table.append(name, Format.number(variance.squareRoot()))
        }
        let poi = fisher.poiUncertainty.map { "σ(\(model.poiName)) = \(Format.number($0))" } ?? "the parameter of interest is fixed"
        var text = poi + "\n\n" + table.rendered
        if let sensitivity { text += "\n\n" + sensitivity.table(poiName: model.poiName) }
        return text
    }
}
