import Foundation

/// Median times of other implementations for one task on one workspace, read from a timings
/// file as `fixtures/bench_pyhf.py` writes it:
/// `{"realistic": {"fit": {"jax_minuit": 0.12, …}, "hypotest": {…}}, …}` (seconds).
struct ReferenceTimings {
    /// The file the timings come from.
    var path: String
    /// Seconds per backend, e.g. `numpy_scipy`.
    var seconds: [String: Double]

    /// The timings of `task` (`fit`, `hypotest`) for `entry` (a workspace name) in `path`.
    init(path: String, entry: String, task: String) throws {
        self.path = path
        let place = "--reference \(path)"
        guard let bytes = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(place): no such file or not readable")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw CommandError("\(place): malformed JSON (\((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"))")
        }
        let entries = (root as? [String: Any] ?? [:]).compactMapValues { $0 as? [String: Any] }
        guard let tasks = entries[entry] else {
            let known = entries.filter { $0.value[task] != nil }.keys.sorted()
            throw CommandError("\(place): no timings for workspace '\(entry)' (the file has: \(known.joined(separator: ", ")); choose one with --reference-entry)")
        }
        guard let backends = tasks[task] as? [String: Any] else {
            throw CommandError("\(place): no '\(task)' timings for '\(entry)'")
        }
        seconds = try backends.mapValues { value in
            guard let number = value as? NSNumber, number.doubleValue.isFinite, number.doubleValue > 0 else {
                throw CommandError("\(place): at \(entry).\(task): expected positive numbers of seconds")
            }
            return number.doubleValue
        }
    }
}
