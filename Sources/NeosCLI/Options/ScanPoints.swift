/// `--scan START:STOP:COUNT`: COUNT evenly spaced values of the POI from START to STOP.
struct ScanPoints {
    var values: [Double]

    /// Parses `START:STOP:COUNT` with finite START < STOP and COUNT ≥ 2; used as the option's `transform`.
    init(parsing argument: String) throws {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let start = Double(parts[0]), let stop = Double(parts[1]), let count = Int(parts[2]) else {
            throw CommandError("expected START:STOP:COUNT, e.g. 0.5:5:10")
        }
        guard start.isFinite, stop.isFinite, start < stop, count >= 2 else {
            throw CommandError("expected finite START < STOP and COUNT ≥ 2")
        }
        values = (0..<count).map { start + (stop - start) * Double($0) / Double(count - 1) }
    }

    init(values: [Double]) { self.values = values }

    /// Where `curve` (CLs at `values`) first falls below `level`, by linear interpolation between
    /// the scan points around the crossing (pyhf's `np.interp` on the scan, for a falling curve);
    /// NaN when it starts below the level or never reaches it.
    func crossing(of curve: [Double], level: Double) -> Double {
        guard let first = curve.first, first >= level else { return .nan }
        for i in 1..<curve.count where curve[i] < level {
            let (a, b) = (curve[i - 1], curve[i])
            return values[i - 1] + (a - level) / (a - b) * (values[i] - values[i - 1])
        }
        return .nan
    }
}
