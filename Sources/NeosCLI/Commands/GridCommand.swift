import ArgumentParser
import Foundation
import HistFactory

/// `neos grid`: a published likelihood's signal grid, tested point by point.
struct GridCommand: ShardableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Test every signal hypothesis of a PatchSet: CLs at μ = 1 and upper limits, with an exclusion plot.",
        discussion: """
            For each patch of --patchset (or those whose name matches --patch-name, a shell \
            pattern such as 'ERJR_1*'), applies it to the background-only workspace and reports \
            CLs observed and expected (−2σ … +2σ) at μ = 1, the observed and expected upper \
            limits on μ, and whether every fit behind them converged. With --calculator toys, \
            CLs comes from pseudo-experiments and the limits are left out (toy limits of one \
            point: 'neos limit --calculator toys').

            Writes to --output DIR: grid.json (every point, in the PatchSet's order), grid.csv \
            (one row per point) and, when the PatchSet has two labels, grid.svg: the points in \
            the plane of the labels coloured by observed CLs, with the observed and expected \
            CLs = --level contours and the ±1σ expected band, interpolated linearly on the \
            Delaunay triangulation of the points in Z = Φ⁻¹(1 − CLs).

            Each point is a task: --shard I/N runs a block of them (see 'neos merge' and \
            'neos submit').

            Examples:
              neos grid BkgOnly.json --patchset patchset.json --output grid
              neos grid BkgOnly.json --patchset patchset.json --patch-name 'ERJR_1[01]*' --output grid --json
              neos grid BkgOnly.json --patchset patchset.json --output grid --shard 0/4
            """
    )

    @Argument(help: ArgumentHelp("The background-only pyhf workspace the patches apply to.", valueName: "workspace"))
    var workspace: String

    @Option(help: ArgumentHelp("The pyhf PatchSet of signal hypotheses.", valueName: "file"))
    var patchset: String

    @Option(
        name: .customLong("patch-name"),
        help: ArgumentHelp("Only the patches whose name matches this shell pattern (* ? [..]).", valueName: "pattern")
    )
    var patchPattern: String?

    @OptionGroup var model: ModelOptions

    @OptionGroup var calculator: CalculatorOptions

    @Option(help: ArgumentHelp("CLs level α of the limits and contours.", valueName: "alpha"))
    var level = 0.05

    @Option(name: .customLong("test-stat"), help: "Test statistic (qtilde or q).")
    var statistic: TestStatistic = .qtilde

    @Option(name: .customLong("output"), help: ArgumentHelp("Directory for grid.json, grid.csv, grid.svg and shards/.", valueName: "dir"))
    var outputDirectory: String

    @OptionGroup var sharding: ShardingOptions

    @OptionGroup var reporting: RunReporting

    func validate() throws {
        guard level > 0 && level < 1 else { throw ValidationError("--level must lie strictly between 0 and 1, got \(level)") }
        guard statistic != .q0 else { throw ValidationError("a grid tests μ = 1 with qtilde or q; q0 is for discovery (see 'neos hypotest')") }
    }

    func makeJob() throws -> any ShardedJob {
        try GridJob(command: self)
    }
}
