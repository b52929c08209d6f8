import HistFactory
import Plotting

/// The "Brazil band" of an upper limit: observed CLs, the expected median and its ±1σ and ±2σ
/// bands against the POI on a regular grid, and the CLs level the limits cross.
struct BrazilBand {
    var limit: UpperLimit
    /// Hypothesis tests on a regular POI grid spanning the limits.
    var curves: [HypotestResult]
    var level: Double
    var poiName: String

    func svg() -> String {
        let shown = curves
        let mu = shown.map(\.poiValue)
        func expected(_ k: Int) -> [Double] { shown.map { $0.expectedBand[k] } }
        var plot = Plot(
            title: "CLs upper limit: \(poiName) < \(Format.number(limit.observed, digits: 4)) observed, \(Format.number(limit.expected[2], digits: 4)) expected",
            xLabel: poiName, yLabel: "CLs"
        )
        plot.band(mu, lower: expected(0), upper: expected(4), label: "expected ±2σ")
        plot.band(mu, lower: expected(1), upper: expected(3), label: "expected ±1σ")
        plot.line(mu, expected(2), label: "expected", dashed: true)
        plot.line(mu, shown.map(\.observed), label: "observed")
        plot.horizontalLine(at: level, label: "CLs = \(Format.number(level))")
        return plot.svg()
    }
}
