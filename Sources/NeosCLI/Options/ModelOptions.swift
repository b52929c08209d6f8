import ArgumentParser
import HistFactory

/// How a model is built from a workspace: which measurement and which interpolation codes
/// (shared by the workspace subcommands and `grid`).
struct ModelOptions: ParsableArguments {
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

    /// pyhf's defaults with the --interpcode settings applied.
    func interpolationCodes() throws -> InterpolationCodes {
        var codes = InterpolationCodes.pyhfDefaults
        for setting in interpolationSettings {
            try codes.apply(setting: setting)
        }
        return codes
    }
}
