/// What a `neos bench` subcommand prints: the timing of one task, with the speed-up over each
/// reference backend (the backend's median divided by ours).
struct BenchmarkReport {
    /// `fit` or `hypotest`.
    var task: String
    var workspace: String
    var timing: Timing
    var reference: ReferenceTimings?
    /// What else the benchmark measured (e.g. the model size and peak memory of a fit), added to
    /// the JSON object and listed under the timing line.
    var measurements: [(key: String, value: JSONValue, text: String)] = []

    var isDebugBuild: Bool { Timing.isDebugBuild() }

    func speedup(over backend: String) -> Double? {
        reference?.seconds[backend].map { $0 / timing.median }
    }

    func rendered(json: Bool) -> String {
        let backends = reference?.seconds.keys.sorted() ?? []
        if json {
            var fields: [String: JSONValue] = [
                "task": .string(task),
                "median_seconds": .finite(timing.median),
                "min_seconds": .finite(timing.minimum),
                "runs": .integer(timing.seconds.count),
                "debug_build": .bool(isDebugBuild),
            ]
            for measurement in measurements { fields[measurement.key] = measurement.value }
            if reference != nil {
                fields["speedup"] = .object(Dictionary(uniqueKeysWithValues: backends.map { ($0, .finite(speedup(over: $0)!)) }))
            }
            return JSONValue.object(fields).rendered
        }
        var lines = [
            "\(task) on \(workspace): median \(Format.milliseconds(timing.median)), min \(Format.milliseconds(timing.minimum)) over \(timing.seconds.count) runs"
        ]
        lines += measurements.map { "\($0.key.replacingOccurrences(of: "_", with: " ")): \($0.text)" }
        if isDebugBuild {
            lines.append("note: this is a debug build; timings are not representative (build with -c release)")
        }
        if let reference {
            var table = TextTable(header: ["reference (\(reference.path))", "median", "speed-up"])
            for backend in backends {
                table.append(backend, Format.milliseconds(reference.seconds[backend]!), Format.number(speedup(over: backend)!, digits: 3) + "×")
            }
            lines += ["", table.rendered]
        }
        return lines.joined(separator: "\n")
    }
}
