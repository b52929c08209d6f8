/// `--range LO:HI`: a finite interval of the parameter of interest.
struct ScanRange {
    var range: ClosedRange<Double>

    /// Parses `LO:HI` with finite LO < HI; used as the option's `transform`.
    init(parsing argument: String) throws {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]) else {
            throw CommandError("expected LO:HI, e.g. 0:3")
        }
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw CommandError("expected finite LO < HI")
        }
        range = lower...upper
    }
}
