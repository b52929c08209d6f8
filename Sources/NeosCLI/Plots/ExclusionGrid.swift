import GSL
import Plotting

/// The points of a signal grid (as `neos grid` writes them) as a CSV table, a text table and an
/// exclusion plot in the plane of the PatchSet's first two labels.
struct ExclusionGrid {
    let labels: [String]
    let points: [JSONValue]
    let level: Double

    private static let bandNames = ["m2", "m1", "med", "p1", "p2"]

    /// One row per point: name, label values, CLs observed and expected, limits, convergence.
    var csv: String {
        let header = ["name"] + labels + ["cls_obs"] + Self.bandNames.map { "cls_exp_\($0)" }
            + ["upper_limit_obs"] + Self.bandNames.map { "upper_limit_exp_\($0)" } + ["converged"]
        let rows = points.map { point -> [String] in
            let values = (point["values"]?.arrayValue ?? []).map(Self.csvText)
            let cls = [point["cls_obs"]].map(Self.csvText) + Self.padded(point["cls_exp"])
            let limits = [point["upper_limit_obs"]].map(Self.csvText) + Self.padded(point["upper_limit_exp"])
            return [point["name"]?.stringValue ?? ""] + values + cls + limits + [Self.converged(point) ? "true" : "false"]
        }
        return ([header] + rows).map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The report of `neos grid`: one line per point.
    var table: String {
        var table = TextTable(header: ["patch"] + labels + ["CLs obs", "CLs exp", "μ₉₅ obs", "μ₉₅ exp", ""])
        for point in points {
            let values = (point["values"]?.arrayValue ?? []).map { $0.doubleValue.map { Format.number($0) } ?? ($0.stringValue ?? "") }
            let limitObs = point["upper_limit_obs"]?.doubleValue.map { Format.number($0, digits: 4) } ?? "–"
            let limitExp = point["upper_limit_exp"]?.doubles.map { Format.number($0[2], digits: 4) } ?? "–"
            let excluded = (point["cls_obs"]?.doubleValue ?? 1) < level ? "excluded" : ""
            table.rows.append([point["name"]?.stringValue ?? ""] + values + [
                Format.number(point["cls_obs"]?.doubleValue ?? .nan, digits: 4),
                Format.number(point["cls_exp"]?.doubles?[2] ?? .nan, digits: 4),
                limitObs, limitExp, excluded + (Self.converged(point) ? "" : " (unconverged fit)"),
            ])
        }
        let excluded = points.filter { ($0["cls_obs"]?.doubleValue ?? 1) < level }.count
        let failed = points.filter { !Self.converged($0) }.count
        var heading = "\(points.count) signal hypotheses, \(excluded) excluded at CLs < \(Format.number(level))"
        if failed > 0 { heading += "; \(failed) with an unconverged fit" }
        return heading + "\n\n" + table.rendered
    }

    /// The exclusion plot, or nil without two numeric labels and three points off one line.
    func plot(title: String) -> String? {
        guard labels.count >= 2 else { return nil }
        var coordinates: [(x: Double, y: Double)] = [], observed: [Double] = [], expected: [[Double]] = []
        for point in points {
            guard let values = point["values"]?.doubles, values.count >= 2, values[0].isFinite, values[1].isFinite,
                  let obs = point["cls_obs"]?.doubleValue, obs.isFinite,
                  let exp = point["cls_exp"]?.doubles, exp.count == 5, exp.allSatisfy(\.isFinite) else { continue }
            coordinates.append((values[0], values[1]))
            observed.append(obs)
            expected.append(exp)
        }
        let triangulation = Triangulation(points: coordinates)
        guard !triangulation.triangles.isEmpty else { return nil }
        // Interpolate Z = Φ⁻¹(1 − CLs), closer to linear between grid points than CLs itself.
        func significance(_ cls: Double) -> Double { NormalDistribution.upperQuantile(min(max(cls, 1e-300), 1 - 1e-16)) }
        let threshold = significance(level)
        let zObserved = observed.map(significance)
        let zExpected = (0..<5).map { k in expected.map { significance($0[k]) } }
        var plot = Plot(title: title, xLabel: labels[0], yLabel: labels[1])
        plot.width = 680
        plot.height = 520
        // CLs at −1σ is the smaller one, so Z(−1σ) > threshold > Z(+1σ) inside the band.
        plot.polygons(
            triangulation.region(where: zExpected[3], zExpected[1], straddle: threshold),
            label: "expected ±1σ", colour: "#F5C400"
        )
        plot.segments(triangulation.contour(zExpected[2], level: threshold), label: "expected CLs = \(Format.number(level))", dashed: true, colour: "#222222")
        plot.segments(triangulation.contour(zObserved, level: threshold), label: "observed CLs = \(Format.number(level))", colour: "#C0001A")
        for (range, colour) in Self.colourClasses {
            let members = observed.indices.filter { range.contains(observed[$0]) }
            guard !members.isEmpty else { continue }
            plot.points(members.map { coordinates[$0].x }, members.map { coordinates[$0].y },
                        label: "CLs obs \(Self.describe(range))", colour: colour)
        }
        return plot.svg()
    }

    /// Classes of observed CLs and their colours (dark: strongly excluded, light: allowed).
    private static let colourClasses: [(Range<Double>, String)] = [
        (0..<0.001, "#3B0F70"), (0.001..<0.01, "#8C2981"), (0.01..<0.05, "#DE4968"),
        (0.05..<0.2, "#FE9F6D"), (0.2..<1.000_001, "#A0A0A0"),
    ]

    private static func describe(_ range: Range<Double>) -> String {
        if range.lowerBound == 0 { return "< \(Format.number(range.upperBound))" }
        if range.upperBound > 1 { return "≥ \(Format.number(range.lowerBound))" }
        return "\(Format.number(range.lowerBound))–\(Format.number(range.upperBound))"
    }

    private static func converged(_ point: JSONValue) -> Bool {
        point["fits"]?["converged"] == .bool(true)
    }

    private static func csvText(_ value: JSONValue?) -> String {
        switch value {
        case let .number(x)?: return String(describing: x)
        case let .integer(x)?: return String(x)
        case let .string(text)?: return text
        default: return ""
        }
    }

    private static func padded(_ values: JSONValue?) -> [String] {
        let entries = values?.arrayValue ?? []
        return (0..<5).map { $0 < entries.count ? csvText(entries[$0]) : "" }
    }
}
