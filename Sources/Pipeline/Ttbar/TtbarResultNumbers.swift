/// μ̂ with total and statistics-only intervals, relative to μ̂.
public struct TtbarResultNumbers: Sendable {
    public var muHat: Double
    public var total: (down: Double, up: Double)
    public var statisticsOnly: (down: Double, up: Double)

    public init(muHat: Double, total: (down: Double, up: Double), statisticsOnly: (down: Double, up: Double)) {
        self.muHat = muHat
        self.total = total
        self.statisticsOnly = statisticsOnly
    }

    public init(_ measurement: TtbarMeasurement) {
        self.init(muHat: measurement.muHat, total: measurement.total, statisticsOnly: measurement.statisticsOnly)
    }
}
