import _Differentiation
import HistFactory
import Objectives

/// dσ_μ/dT for every template number T of a workspace, grouped by template key.
struct TemplateSensitivity {
    let keys: [(key: String, bin: Int?)]
    let values: [Double]
    let gradient: [Double]

    init(_ templates: TemplateModel) throws {
        guard (try? templates.model.fisherInformation()) != nil else {
            throw CommandError("the Fisher information is singular, so σ_μ has no gradient")
        }
        keys = templates.keys
        values = templates.values
        gradient = _Differentiation.gradient(at: templates.values) { templates.poiUncertainty(templates: $0) }.base
    }

    /// {"CHANNEL/SAMPLE/nominal": [per bin], "CHANNEL/SAMPLE/MODIFIER/hi": number, …}
    var json: JSONValue {
        var grouped: [String: [Double]] = [:]
        var scalars: [String: Double] = [:]
        for ((key, bin), value) in zip(keys, gradient) {
            if bin == nil { scalars[key] = value } else { grouped[key, default: []].append(value) }
        }
        var object = grouped.mapValues { JSONValue.numbers($0) }
        for (key, value) in scalars { object[key] = .finite(value) }
        return .object(object)
    }

    /// The ten template numbers with the largest effect |dσ/dT| · |T| on σ_μ.
    func table(poiName: String) -> String {
        let order = gradient.indices.sorted { abs(gradient[$0] * values[$0]) > abs(gradient[$1] * values[$1]) }
        var table = TextTable(header: ["template", "value", "dσ/dT", "T·dσ/dT"])
        for i in order.prefix(10) {
            let name = keys[i].bin.map { "\(keys[i].key)[\($0)]" } ?? keys[i].key
            table.append(name, Format.number(values[i]), Format.number(gradient[i]), Format.number(values[i] * gradient[i]))
        }
        return "largest effects on σ(\(poiName)) of the \(values.count) template numbers (--json lists all):\n\n" + table.rendered
    }
}
