import Pipeline
import ArgumentParser
import HistFactory

/// `neos scan`: the profile likelihood of the parameter of interest and its 68% interval.
struct ScanCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan the profile likelihood of the parameter of interest.",
        discussion: """
            Reports μ̂, the 68% interval where 2ΔNLL(μ) = −2 log L(μ, θ̂̂) + 2 log L(μ̂, θ̂) \
            crosses 1 (solved with Brent's method), and 2ΔNLL on --points equally spaced \
            values of μ across --range (by default the interval widened by half its width \
            on each side, within the POI bounds). An interval end that reaches a POI bound \
            stays there. --asimov scans the nominal Asimov data (expected data at the \
            suggested parameters) instead of the observed data. --plot draws the curve with \
            the line 2ΔNLL = 1 and the interval ends.

            Example:
              neos scan workspace.json --points 51 --range 0:3 --plot scan.svg
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @OptionGroup var convergence: ConvergenceOptions

    @Flag(help: "Scan the nominal Asimov data instead of the observed data.")
    var asimov = false

    @Option(help: ArgumentHelp("Number of scan points (at least 2).", valueName: "n"))
    var points = 41

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Range of the POI to scan (default: around the 68% interval).", valueName: "lo:hi"),
        transform: ScanRange.init(parsing:)
    )
    var range: ScanRange?

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        guard points >= 2 else {
            throw ValidationError("--points must be at least 2, got \(points)")
        }
    }

    func output() throws -> String {
        let (model, observed) = try options.load()
        let data = asimov ? model.nominalAsimovData : observed
        if let range = range?.range {
            let poi = model.poiIndex
            let bounds = model.suggestedBounds[poi]
            guard bounds.contains(range.lowerBound), bounds.contains(range.upperBound) else {
                throw CommandError("--range \(range.lowerBound):\(range.upperBound) leaves the bounds [\(bounds.lower), \(bounds.upper)] of '\(model.parameterNames[poi])'")
            }
        }
        let scan = try model.profileLikelihoodScan(data: data, points: points, range: range?.range)
        try convergence.check(scan.fits, withheld: "the scan")
        if let path = plotOptions.plot {
            try AtomicFile.write(ProfileScanPlot(scan: scan).svg(), to: path)
        }
        if options.json {
            return JSONValue.object([
                "fits": scan.fits.statusJSON,
                "poi": .string(scan.poiName),
                "mu_hat": .finite(scan.muHat),
                "interval": .numbers([scan.interval.lower, scan.interval.upper]),
                "points": .array(scan.points.map { .numbers([$0.mu, $0.twiceDeltaNLL]) }),
            ]).rendered
        }
        var table = TextTable(header: [scan.poiName, "2ΔNLL"], nameColumns: 0)
        for point in scan.points {
            table.append(Format.number(point.mu), Format.number(point.twiceDeltaNLL))
        }
        func end(_ value: Double, atBound: Bool) -> String {
            Format.number(value) + (atBound ? " (POI bound)" : "")
        }
        var lines = [
            "best fit \(scan.poiName) = \(Format.number(scan.muHat))",
            "68% interval [\(end(scan.interval.lower, atBound: scan.lowerEndAtBound)), \(end(scan.interval.upper, atBound: scan.upperEndAtBound))]",
            "", table.rendered,
        ]
        if let path = plotOptions.plot { lines += ["", "wrote \(path)"] }
        return lines.joined(separator: "\n")
    }
}
