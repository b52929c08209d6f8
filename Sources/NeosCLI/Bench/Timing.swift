/// Wall-clock times of repeated runs of one computation, after an untimed warm-up run.
struct Timing {
    /// Seconds taken by each timed run, in order.
    var seconds: [Double]

    /// Runs `work` once untimed, then `runs` times timed with the monotonic `ContinuousClock`.
    /// `work` returns a number derived from its result, which must be finite: a failed
    /// computation would make the timings meaningless, and using the result keeps the
    /// optimiser from discarding the work.
    static func measure(runs: Int, _ work: () throws -> Double) throws -> Timing {
        try check(work(), run: 0)
        let clock = ContinuousClock()
        var seconds: [Double] = []
        for run in 1...runs {
            let start = clock.now
            let value = try work()
            let (whole, attoseconds) = start.duration(to: clock.now).components
            try check(value, run: run)
            seconds.append(Double(whole) + Double(attoseconds) * 1e-18)
        }
        return Timing(seconds: seconds)
    }

    /// True when the timed code compiled without optimisation (a debug build), whose timings mean
    /// little. Not inlined, so that a release build's callers keep their debug-only branches
    /// without "will never be executed" warnings.
    @inline(never)
    static func isDebugBuild() -> Bool {
        _isDebugAssertConfiguration()
    }

    private static func check(_ value: Double, run: Int) throws {
        guard value.isFinite else {
            throw CommandError(run == 0 ? "the warm-up run produced a non-finite result (\(value))" : "run \(run) produced a non-finite result (\(value))")
        }
    }

    var median: Double {
        let sorted = seconds.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var minimum: Double { seconds.min()! }
}
