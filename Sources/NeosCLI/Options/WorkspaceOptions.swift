import ArgumentParser
import HistFactory
import Objectives

/// The arguments every subcommand shares: which workspace (and the patches applied to it first),
/// which measurement, which interpolation codes, and whether to print JSON.
struct WorkspaceOptions: ParsableArguments {
    @Argument(help: "Path of a pyhf JSON workspace (schema 1.0.0).")
    var workspace: String

    @Option(
        name: .customLong("patch"),
        help: ArgumentHelp(
            "Apply a JSON Patch file, or a patch of a pyhf PatchSet, to the workspace first (repeatable, in order).",
            discussion: "A published likelihood is a background-only workspace plus signal patches: an RFC 6902 "
                + "JSON Patch (an array of operations) or a PatchSet file, whose patch --patch-name chooses.",
            valueName: "file"
        )
    )
    var patchFiles: [String] = []

    @Option(
        name: .customLong("patch-name"),
        help: ArgumentHelp("The patch to take from the PatchSet given with --patch.", valueName: "name")
    )
    var patchName: String?

    @OptionGroup var model: ModelOptions

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    /// The files a result depends on: the workspace and its patches.
    var inputFiles: [String] { [workspace] + patchFiles }

    /// Reads the workspace and builds the requested model, with its observed data: the main data
    /// in the model's channel order followed by the nominal auxiliary data. Errors name the file
    /// and the JSON path.
    func load() throws -> (model: Model, data: [Double]) {
        let codes = try model.interpolationCodes()
        let (workspace, origin) = try patchedWorkspace()
        do {
            let built = try Model(workspace: workspace, measurement: model.measurement, interpolationCodes: codes)
            let observed = try workspace.observedMainData(channelOrder: built.channels.map(\.name)) + built.auxdata
            return (built, observed)
        } catch var error as WorkspaceError {
            error.file = error.file ?? origin
            throw error
        }
    }

    /// The workspace as a model differentiable in its template numbers.
    func loadTemplateModel() throws -> TemplateModel {
        let (workspace, origin) = try patchedWorkspace()
        do {
            return try TemplateModel(workspace: workspace, measurement: model.measurement, interpolationCodes: model.interpolationCodes())
        } catch let error as WorkspaceError {
            throw error.inFile(error.file ?? origin)
        }
    }

    /// The workspace with the --patch files applied, and how messages name it
    /// (`BkgOnly.json + patch.X.json`).
    private func patchedWorkspace() throws -> (Workspace, origin: String) {
        let patches = try selectedPatches()
        return (try Workspace.load(from: workspace, patches: patches), Workspace.origin(of: workspace, patches: patches))
    }

    /// The --patch files as JSON Patches: a JSON Patch file as it is, a PatchSet's patch chosen
    /// by --patch-name, which a PatchSet needs and which needs a PatchSet.
    private func selectedPatches() throws -> [JSONPatch] {
        var namedAPatch = false
        let patches = try patchFiles.map { path -> JSONPatch in
            switch try PatchFile.load(from: path) {
            case let .jsonPatch(patch):
                return patch
            case let .patchSet(set):
                guard let patchName else {
                    throw CommandError("--patch \(path) is a pyhf PatchSet: choose one of its patches with --patch-name (\(set.namesSummary))")
                }
                namedAPatch = true
                return try set.patch(named: patchName).patch
            }
        }
        if let patchName, !namedAPatch {
            throw CommandError("--patch-name \(patchName) chooses a patch of a PatchSet, but no --patch file is a PatchSet")
        }
        return patches
    }
}
