import HistFactory
import Plotting

/// The expected yields of one channel of a workspace, sample by sample, and their total with a
/// ±1σ systematic band: each nuisance parameter's ±1σ shift of the total (histosys hi/lo data,
/// normsys factors and the luminosity, correlated across samples) added in quadrature, the
/// larger of the up and down shifts per bin.
struct ChannelYieldsPlot {
    var workspace: Workspace
    var channel: Int = 0
    var title: String
    var xLabel = "bin"

    /// Per bin, √Σ_nuisances max(|Δ⁺|, |Δ⁻|)² of the channel total.
    var systematicErrors: [Double] {
        let samples = workspace.channels[channel].samples
        let bins = samples.first?.data.count ?? 0
        let lumiSigma = workspace.measurements.first?.config.parameters.first { $0.name == "lumi" }?.sigmas?.first ?? 0
        var shifts: [String: (up: [Double], down: [Double])] = [:]
        for sample in samples {
            for modifier in sample.modifiers {
                var (up, down) = shifts[modifier.name] ?? ([Double](repeating: 0, count: bins), [Double](repeating: 0, count: bins))
                for b in 0..<bins {
                    switch modifier.kind {
                    case let .histosys(hiData, loData):
                        up[b] += hiData[b] - sample.data[b]
                        down[b] += loData[b] - sample.data[b]
                    case let .normsys(hi, lo):
                        up[b] += (hi - 1) * sample.data[b]
                        down[b] += (lo - 1) * sample.data[b]
                    case .lumi:
                        up[b] += lumiSigma * sample.data[b]
                        down[b] -= lumiSigma * sample.data[b]
                    default:
                        continue
                    }
                }
                shifts[modifier.name] = (up, down)
            }
        }
        return (0..<bins).map { b in
            shifts.values.reduce(0) { sum, shift in
                let larger = max(abs(shift.up[b]), abs(shift.down[b]))
                return sum + larger * larger
            }.squareRoot()
        }
    }

    func svg() -> String {
        let samples = workspace.channels[channel].samples
        let bins = samples.first?.data.count ?? 0
        let edges = (0...bins).map(Double.init)
        let total = samples.dropFirst().reduce(samples.first?.data ?? []) { zip($0, $1.data).map(+) }
        var plot = Plot(title: title, xLabel: xLabel, yLabel: "expected events", logY: true)
        plot.steps(edges: edges, values: total, errors: systematicErrors, label: "total ± syst.")
        // The log axis reaches two decades below the smallest total; smaller yields (and empty
        // bins) of a sample are drawn on that floor.
        let floor = 0.01 * (total.filter { $0 > 0 }.min() ?? 1)
        for sample in samples {
            plot.steps(edges: edges, values: sample.data.map { max($0, floor) }, label: sample.name)
        }
        return plot.svg()
    }
}
