import HistFactory
import Plotting

/// The "Brazil band" of an upper limit: observed CLs, the expected median and its ±1σ and ±2σ
/// bands against the POI, and the CLs level the limits cross.
struct BrazilBand {
    /// The observed limit and the expected ones (−2σ … +2σ).
    var observedLimit: Double
    var expectedLimits: [Double]
    /// The tested POI values, with the observed CLs and the expected band (5 values) at each.
    var poiValues: [Double]
    var observed: [Double]
    var expected: [[Double]]
    var level: Double
    var poiName: String

    /// The band of an asymptotic limit from hypothesis tests on a POI grid spanning the limits.
    init(limit: UpperLimit, curves: [HypotestResult], level: Double, poiName: String) {
        self.init(
            observedLimit: limit.observed, expectedLimits: limit.expected, poiValues: curves.map(\.poiValue),
            observed: curves.map(\.observed), expected: curves.map(\.expectedBand), level: level, poiName: poiName
        )
    }

    init(observedLimit: Double, expectedLimits: [Double], poiValues: [Double], observed: [Double], expected: [[Double]], level: Double, poiName: String) {
        self.observedLimit = observedLimit
        self.expectedLimits = expectedLimits
        self.poiValues = poiValues
        self.observed = observed
        self.expected = expected
        self.level = level
        self.poiName = poiName
    }

    func svg() -> String {
        let mu = poiValues
        func band(_ k: Int) -> [Double] { expected.map { $0[k] } }
        var plot = Plot(
            title: "CLs upper limit: \(poiName) < \(Format.number(observedLimit, digits: 4)) observed, \(Format.number(expectedLimits[2], digits: 4)) expected",
            xLabel: poiName, yLabel: "CLs"
        )
        plot.band(mu, lower: band(0), upper: band(4), label: "expected ±2σ")
        plot.band(mu, lower: band(1), upper: band(3), label: "expected ±1σ")
        plot.line(mu, band(2), label: "expected", dashed: true)
        plot.line(mu, observed, label: "observed")
        plot.horizontalLine(at: level, label: "CLs = \(Format.number(level))")
        return plot.svg()
    }
}
