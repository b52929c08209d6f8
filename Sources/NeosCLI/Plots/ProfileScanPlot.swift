import HistFactory
import Plotting

/// A profile-likelihood scan: the 2ΔNLL curve, the line 2ΔNLL = 1 and the ends of the 68%
/// interval, with μ̂ and the interval in the title.
struct ProfileScanPlot {
    var scan: ProfileLikelihoodScan

    func svg() -> String {
        let (lower, upper) = scan.interval
        var plot = Plot(
            title: "μ̂ = \(Format.number(scan.muHat, digits: 4)), 68% interval [\(Format.number(lower, digits: 4)), \(Format.number(upper, digits: 4))]",
            xLabel: scan.poiName, yLabel: "2ΔNLL"
        )
        plot.line(scan.points.map(\.mu), scan.points.map(\.twiceDeltaNLL), label: "profile likelihood")
        plot.horizontalLine(at: 1)
        plot.verticalLine(at: lower)
        plot.verticalLine(at: upper)
        return plot.svg()
    }
}
