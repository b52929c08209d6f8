import ArgumentParser
import HistFactory
import Pipeline

/// `neos patchset apply`: write the workspace of one signal hypothesis.
struct PatchsetApplyCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write the workspace of one patch of a PatchSet applied to the background-only workspace.",
        discussion: """
            Checks the workspace's digest against the PatchSet first (as pyhf does; --no-verify \
            skips it), applies the patch, checks the result as a workspace, and only then writes \
            it (indented JSON in the background's key order; a temporary file renamed into \
            place, so a failure leaves no file).

            Example:
              neos patchset apply notebooks-data/atlas-susy-3l-erjr/BkgOnly.json notebooks-data/atlas-susy-3l-erjr/patchset.json --name ERJR_100p0_20p0 --output signal.json
            """
    )

    @Argument(help: "Path of the background-only pyhf workspace.")
    var workspace: String

    @Argument(help: "Path of the pyhf PatchSet file.")
    var patchSet: String

    @Option(help: ArgumentHelp("The patch to apply.", valueName: "name"))
    var name: String

    @Option(name: .customLong("output"), help: ArgumentHelp("Where to write the patched workspace.", valueName: "file"))
    var outputPath: String

    @Flag(help: "Apply the patch even when the workspace's digest differs from the PatchSet's.")
    var noVerify = false

    @Flag(help: "Print one JSON object instead of a sentence.")
    var json = false

    func output() throws -> String {
        let set = try PatchSet.load(from: patchSet)
        let patch = try set.patch(named: name)
        let background = try Workspace.readDocument(from: workspace)
        if !noVerify {
            do {
                try set.verify(background: background, named: workspace)
            } catch let error as PatchError {
                throw CommandError("\(error) (--no-verify applies the patch anyway)")
            }
        }
        let patched = try patch.patch.apply(to: background)
        let result = try Workspace.decode(patched, origin: Workspace.origin(of: workspace, patches: [patch.patch]))
        try AtomicFile.write(patched.pythonText(indent: 2) + "\n", to: outputPath)
        if json {
            return JSONValue.object([
                "output": .string(outputPath),
                "patch": .string(patch.name),
                "values": .array(patch.values.map(JSONValue.init(patchValue:))),
                "verified": .bool(!noVerify),
                "channels": .array(result.channels.map { .object(["name": .string($0.name), "samples": .integer($0.samples.count)]) }),
            ]).rendered
        }
        let samples = result.channels.map { "\($0.name) \($0.samples.count)" }.joined(separator: ", ")
        return "wrote \(outputPath): \(workspace) + patch \(patch.name) (samples per channel: \(samples))"
            + (noVerify ? "; digest not checked (--no-verify)" : "; digest verified")
    }
}
