import Pipeline
import Plotting

/// The plots of `neos design`: the trajectory of one optimisation and the trade-off curve.
enum DesignPlot {
    /// ψ, Δμ and the cost against the epoch (validation sample). With `inUnitsOfRange`, each
    /// parameter is drawn as (ψ − lo)/(hi − lo), so that parameters of any size share the axis
    /// with Δμ (labelled `deltaMu`) and the cost.
    static func trajectory(_ points: [DesignPointRecord], parameters: [DetectorParameter], lambda: Double,
                           inUnitsOfRange: Bool = false, deltaMu: String = "Δμ = σ_s/s") -> String {
        var plot = Plot(title: "Detector and analysis optimised together, λ = \(Format.number(lambda, digits: 3))",
                        xLabel: "epoch", yLabel: "value")
        let epochs = points.map { Double($0.epoch) }
        for (index, parameter) in parameters.enumerated() {
            let (lo, hi) = (parameter.bounds.lowerBound, parameter.bounds.upperBound)
            if inUnitsOfRange {
                plot.line(epochs, points.map { ($0.parameters[index] - lo) / (hi - lo) },
                          label: "\(parameter.name): \(Format.number(lo, digits: 3))…\(Format.number(hi, digits: 3)) \(parameter.unit) → 0…1")
            } else {
                plot.line(epochs, points.map { $0.parameters[index] }, label: "\(parameter.name) (\(parameter.unit))")
            }
        }
        plot.line(epochs, points.map(\.deltaMu), label: deltaMu)
        plot.line(epochs, points.map(\.cost), label: "cost c(ψ)", dashed: true)
        return plot.svg()
    }

    /// The final Δμ against the final cost of each λ: the price of precision.
    static func tradeoff(_ results: [(lambda: Double, final: DesignPointRecord)]) -> String {
        var plot = Plot(title: "Trade-off: optimal Δμ against detector cost (λ = \(results.map { Format.number($0.lambda, digits: 3) }.joined(separator: ", ")))",
                        xLabel: "cost c(ψ)", yLabel: "Δμ")
        let sorted = results.sorted { $0.final.cost < $1.final.cost }
        plot.line(sorted.map(\.final.cost), sorted.map(\.final.deltaMu))
        plot.points(sorted.map(\.final.cost), sorted.map(\.final.deltaMu), label: "one λ each")
        return plot.svg()
    }
}
