import ArgumentParser
import HistFactory

/// `neos patchset inspect`: what a PatchSet holds.
struct PatchsetInspectCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the patches of a PatchSet with their label values, and its metadata.",
        discussion: """
            Reads and checks the PatchSet (pyhf schema 1.0.0: one value per label, unique \
            names, well-formed JSON Patches) and prints its name, description, digests and \
            references, then one row per patch with its values under the label names.

            Example:
              neos patchset inspect notebooks-data/atlas-susy-3l-erjr/patchset.json --json
            """
    )

    @Argument(help: "Path of a pyhf PatchSet file.")
    var patchSet: String

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func output() throws -> String {
        let set = try PatchSet.load(from: patchSet)
        if json {
            return JSONValue.object([
                "name": set.name.map(JSONValue.string) ?? .null,
                "description": .string(set.description),
                "digests": .object(set.digests.mapValues(JSONValue.string)),
                "labels": .array(set.labels.map(JSONValue.string)),
                "references": .object(set.references.mapValues(JSONValue.string)),
                "version": .string(set.version),
                "patches": .array(set.patches.map { patch in
                    .object(["name": .string(patch.name), "values": .array(patch.values.map(JSONValue.init(patchValue:)))])
                }),
            ]).rendered
        }
        var metadata = TextTable(nameColumns: 2)
        metadata.append("name", set.name ?? "(none)")
        metadata.append("description", set.description)
        for (algorithm, digest) in set.digests.sorted(by: { $0.key < $1.key }) {
            metadata.append(algorithm, digest)
        }
        for (name, reference) in set.references.sorted(by: { $0.key < $1.key }) {
            metadata.append("reference", "\(name): \(reference)")
        }
        metadata.append("version", set.version)
        var patches = TextTable(header: ["patch"] + set.labels)
        for patch in set.patches {
            patches.rows.append([patch.name] + patch.values.map { $0.stringValue ?? $0.pythonText() })
        }
        return [metadata.rendered, "", "\(set.patches.count) patches:", patches.rendered].joined(separator: "\n")
    }
}
