import ArgumentParser
import HistFactory

/// `neos patchset`: pyhf PatchSets, the signal hypotheses of published likelihoods.
struct PatchsetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patchset",
        abstract: "Inspect, verify and apply pyhf PatchSets (the signal patches of published likelihoods).",
        discussion: """
            A published likelihood is often a background-only workspace plus a PatchSet: one \
            JSON Patch (RFC 6902) per signal hypothesis, and the sha256 digest (pyhf's) of the \
            workspace the patches were made for. Every subcommand that reads a workspace also \
            applies patches itself: --patch FILE (repeatable), with --patch-name NAME for a \
            PatchSet.

            Examples:
              neos patchset inspect notebooks-data/atlas-susy-3l-erjr/patchset.json
              neos patchset verify notebooks-data/atlas-susy-3l-erjr/BkgOnly.json notebooks-data/atlas-susy-3l-erjr/patchset.json
              neos patchset apply notebooks-data/atlas-susy-3l-erjr/BkgOnly.json notebooks-data/atlas-susy-3l-erjr/patchset.json --name ERJR_100p0_20p0 --output signal.json
              neos fit notebooks-data/atlas-susy-3l-erjr/BkgOnly.json --patch notebooks-data/atlas-susy-3l-erjr/patchset.json --patch-name ERJR_100p0_20p0
            """,
        subcommands: [PatchsetInspectCommand.self, PatchsetVerifyCommand.self, PatchsetApplyCommand.self]
    )
}

extension JSONValue {
    /// A label value of a PatchSet patch (a number or a string) as JSON output.
    init(patchValue value: JSONDocument) {
        switch value {
        case let .integer(number): self = .integer(number)
        case let .float(number): self = .number(number)
        case let .string(text): self = .string(text)
        default: self = .string(value.pythonText())
        }
    }
}
