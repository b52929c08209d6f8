import ArgumentParser
import HistFactory
import Objectives

/// The arguments every subcommand shares: which workspace, which measurement, which
/// interpolation codes, and whether to print JSON.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "Path of a pyhf JSON workspace (schema 1.0.0).")
    var workspace: String

    @Option(help: ArgumentHelp("Measurement to build (default: the first in the workspace).", valueName: "name"))
    var measurement: String?

    @Option(
        name: .customLong("interpcode"),
        help: ArgumentHelp(
            "Interpolation code of a modifier type, e.g. normsys=code1 (repeatable).",
            discussion: "TYPE is normsys or histosys; CODE is code0, code1, code2, code4 or code4p.",
            valueName: "type=code"
        )
    )
    var interpolationSettings: [String] = []

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    /// Reads the workspace and builds the requested model, with its observed data: the main data
    /// in the model's channel order followed by the nominal auxiliary data. Errors name the file
    /// and the JSON path.
    func load() throws -> (model: Model, data: [Double]) {
        let codes = try interpolationCodes()
        let workspace = try Workspace.load(from: self.workspace)
        do {
            let model = try Model(workspace: workspace, measurement: measurement, interpolationCodes: codes)
            let observed = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            return (model, observed)
        } catch var error as WorkspaceError {
            error.file = error.file ?? self.workspace
            throw error
        }
    }

    /// The workspace as a model differentiable in its template numbers.
    func loadTemplateModel() throws -> TemplateModel {
        let workspace = try Workspace.load(from: self.workspace)
        do {
            return try TemplateModel(workspace: workspace, measurement: measurement, interpolationCodes: interpolationCodes())
        } catch let error as WorkspaceError {
            throw error.inFile(error.file ?? self.workspace)
        }
    }

    private func interpolationCodes() throws -> InterpolationCodes {
        var codes = InterpolationCodes.pyhfDefaults
        for setting in interpolationSettings {
            try codes.apply(setting: setting)
        }
        return codes
    }
}
