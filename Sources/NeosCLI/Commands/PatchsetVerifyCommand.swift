import ArgumentParser
import HistFactory

/// `neos patchset verify`: is this the workspace the patches were made for?
struct PatchsetVerifyCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a background-only workspace against the digest a PatchSet records.",
        discussion: """
            Computes pyhf's digest of the workspace (sha256 of its JSON as Python's \
            json.dumps(sort_keys=True) writes it, so key order and whitespace do not matter) \
            and compares it with the PatchSet's metadata.digests.sha256. Exits with an error \
            giving both digests when they differ.

            Example:
              neos patchset verify notebooks-data/atlas-susy-3l-erjr/BkgOnly.json notebooks-data/atlas-susy-3l-erjr/patchset.json
            """
    )

    @Argument(help: "Path of the background-only pyhf workspace.")
    var workspace: String

    @Argument(help: "Path of the pyhf PatchSet file.")
    var patchSet: String

    @Flag(help: "Print one JSON object instead of a sentence.")
    var json = false

    func output() throws -> String {
        let set = try PatchSet.load(from: patchSet)
        let digest = try set.verify(background: Workspace.readDocument(from: workspace), named: workspace)
        if json {
            return JSONValue.object([
                "verified": .bool(true), "workspace": .string(workspace), "patchset": .string(patchSet), "sha256": .string(digest),
            ]).rendered
        }
        return "\(workspace) is the background-only workspace of \(patchSet): sha256 \(digest) matches"
    }
}
