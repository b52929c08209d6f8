import _Differentiation
import ArgumentParser
import Foundation
import SoftHistograms

/// `neos bench kde`: the time of the KDE histogram (value, and value + gradient with respect to
/// the events), against relaxed.hist.
struct BenchKDECommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "kde",
        abstract: "Time the differentiable KDE histogram, optionally against relaxed.hist timings.",
        discussion: """
            Times KDEHistogram.counts for data ~ U(0, 1) (seeded), bins evenly spaced on [0, 1] \
            and --bandwidth (0.05 by default, relaxed's timing setup), for every combination of \
            --events and --bins: the value alone \
            ("forward") and the value plus the gradient with respect to the events through the \
            pullback with a fixed cotangent ("value+grad"), as fixtures/relaxed/bench_relaxed.py \
            times relaxed.hist (relaxed 0.4.0, float64, jit-compiled). Each case runs once \
            untimed, then --runs times; the table shows medians. With --reference FILE \
            (relaxed-timings.json written by that script) it also prints the speed-up over \
            relaxed: relaxed's median divided by ours. Time a release build. The KDE takes eight \
            events at a time in a loop compiled for AVX-512, AVX2+FMA and the baseline \
            instruction set (always for up to 16 edges, and with AVX2 or AVX-512 for any \
            histogram whose kernel windows span at most 128 edges); the report names the one \
            this processor ran.

            Example:
              neos bench kde --runs 5 --reference fixtures/relaxed/relaxed-timings.json
            """
    )

    @Option(help: ArgumentHelp("Number of timed runs per case, after one untimed warm-up run.", valueName: "n"))
    var runs = 5

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Numbers of events.", valueName: "n"))
    var events: [Int] = [10_000, 100_000, 1_000_000]

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Numbers of bins.", valueName: "n"))
    var bins: [Int] = [10, 100]

    @Option(help: ArgumentHelp("relaxed timings file written by fixtures/relaxed/bench_relaxed.py.", valueName: "file"))
    var reference: String?

    @Option(help: ArgumentHelp("Kernel bandwidth, in the units of the data on [0, 1]; a --reference must have been timed with the same.", valueName: "h"))
    var bandwidth = 0.05

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
        guard bandwidth.isFinite, bandwidth > 0 else { throw ValidationError("--bandwidth must be a positive number, got \(bandwidth)") }
        guard !events.isEmpty, events.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--events must be positive numbers") }
        guard !bins.isEmpty, bins.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--bins must be positive numbers") }
    }

    struct Case {
        var events: Int
        var bins: Int
        var forward: Timing
        var valueGradient: Timing
        var reference: (forward: Double, valueGradient: Double)?
    }

    func output() throws -> String {
        let references = try reference.map(RelaxedTimings.init(path:))
        if let references, let timed = references.bandwidth, timed != bandwidth {
            throw CommandError("--reference \(references.path): timed with bandwidth \(timed), not --bandwidth \(bandwidth); drop one of the two")
        }
        var cases: [Case] = []
        for n in events {
            var random = SplitMix64(seed: 0x5EED_0000 &+ UInt64(n))
            let values = (0..<n).map { _ in random.uniform() }
            for b in bins {
                let edges = (0...b).map { Double($0) / Double(b) }
                let cotangent = (0..<b).map { _ in random.uniform() - 0.5 }
                let forward = try Timing.measure(runs: runs) {
                    KDEHistogram.counts(values: values, edges: edges, bandwidth: bandwidth).reduce(0, +)
                }
                let valueGradient = try Timing.measure(runs: runs) {
                    let (counts, pullback) = valueWithPullback(at: values) { x in
                        KDEHistogram.counts(values: x, edges: edges, bandwidth: bandwidth)
                    }
                    let gradient = pullback(.init(cotangent))
                    return counts.reduce(0, +) + gradient.base[0] + gradient.base[n - 1]
                }
                cases.append(Case(events: n, bins: b, forward: forward, valueGradient: valueGradient,
                                  reference: references?.medians(events: n, bins: b)))
            }
        }
        return render(cases, references: references)
    }

    private func render(_ cases: [Case], references: RelaxedTimings?) -> String {
        let debug = Timing.isDebugBuild()
        if json {
            var fields: [String: JSONValue] = [
                "task": .string("kde"),
                "bandwidth": .number(bandwidth),
                "runs": .integer(runs),
                "debug_build": .bool(debug),
                "instruction_set": .string(KDEHistogram.instructionSet),
                "cases": .array(cases.map { c in
                    var entry: [String: JSONValue] = [
                        "events": .integer(c.events),
                        "bins": .integer(c.bins),
                        "forward": .object(["median_seconds": .finite(c.forward.median), "min_seconds": .finite(c.forward.minimum)]),
                        "value_grad": .object(["median_seconds": .finite(c.valueGradient.median), "min_seconds": .finite(c.valueGradient.minimum)]),
                    ]
                    if let r = c.reference {
                        entry["relaxed"] = .object(["forward_seconds": .finite(r.forward), "value_grad_seconds": .finite(r.valueGradient)])
                        entry["speedup"] = .object([
                            "forward": .finite(r.forward / c.forward.median),
                            "value_grad": .finite(r.valueGradient / c.valueGradient.median),
                        ])
                    }
                    return .object(entry)
                }),
            ]
            if let references { fields["reference"] = .string(references.path) }
            return JSONValue.object(fields).rendered
        }
        func milliseconds(_ seconds: Double) -> String { Format.number(1e3 * seconds, digits: 4) }
        func ratio(_ value: Double) -> String { Format.number(value, digits: 3) + "×" }
        var header = ["events", "bins", "forward (ms)", "value+grad (ms)"]
        if references != nil { header += ["relaxed fwd (ms)", "speed-up", "relaxed v+g (ms)", "speed-up"] }
        var table = TextTable(header: header, nameColumns: 0)
        for c in cases {
            var row = [String(c.events), String(c.bins), milliseconds(c.forward.median), milliseconds(c.valueGradient.median)]
            if references != nil {
                if let r = c.reference {
                    row += [milliseconds(r.forward), ratio(r.forward / c.forward.median),
                            milliseconds(r.valueGradient), ratio(r.valueGradient / c.valueGradient.median)]
                } else {
                    row += ["–", "–", "–", "–"]
                }
            }
            table.rows.append(row)
        }
        var lines = [
            "KDE histogram, data ~ U(0,1), bins on [0,1], bandwidth \(bandwidth): median of \(runs) runs (value+grad: gradient wrt the events)",
            table.rendered,
            "eight-event loop: \(KDEHistogram.instructionSet) on this processor",
        ]
        if let references { lines.append("reference: \(references.path) (relaxed \(references.version), median of its runs)") }
        if debug { lines.append("note: this is a debug build; timings are not representative (build with -c release)") }
        return lines.joined(separator: "\n")
    }
}

/// The medians of `fixtures/relaxed/relaxed-timings.json`:
/// `{"versions": {"relaxed": …}, "cases": {"1e4x10": {"events": 10000, "bins": 10,
/// "forward": {"median": s, …}, "value_grad": {"median": s, …}}, …}}`.
struct RelaxedTimings {
    var path: String
    var version: String
    /// The bandwidth the timings were made with (`setup.bandwidth`), when the file says.
    var bandwidth: Double?
    private var cases: [[Int]: (forward: Double, valueGradient: Double)] = [:]

    init(path: String) throws {
        self.path = path
        let place = "--reference \(path)"
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(place): no such file or not readable")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: bytes)) as? [String: Any] else {
            throw CommandError("\(place): not a JSON object")
        }
        version = ((root["versions"] as? [String: Any])?["relaxed"] as? String) ?? "?"
        bandwidth = ((root["setup"] as? [String: Any])?["bandwidth"] as? NSNumber)?.doubleValue
        guard let entries = root["cases"] as? [String: Any] else {
            throw CommandError("\(place): no \"cases\" object (expected the output of fixtures/relaxed/bench_relaxed.py)")
        }
        for (key, value) in entries {
            func seconds(_ task: String) throws -> Double {
                guard let entry = value as? [String: Any], let timing = entry[task] as? [String: Any],
                      let median = (timing["median"] as? NSNumber)?.doubleValue, median.isFinite, median > 0 else {
                    throw CommandError("\(place): at cases.\(key).\(task).median: expected a positive number of seconds")
                }
                return median
            }
            guard let entry = value as? [String: Any], let events = (entry["events"] as? NSNumber)?.intValue,
                  let bins = (entry["bins"] as? NSNumber)?.intValue else {
                throw CommandError("\(place): at cases.\(key): expected \"events\" and \"bins\"")
            }
            cases[[events, bins]] = (try seconds("forward"), try seconds("value_grad"))
        }
    }

    func medians(events: Int, bins: Int) -> (forward: Double, valueGradient: Double)? {
        cases[[events, bins]]
    }
}

/// SplitMix64, for the benchmark's uniform data.
private struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func uniform() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
    }
}
