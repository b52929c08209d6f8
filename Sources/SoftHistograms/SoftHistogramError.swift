/// Why the input of a soft histogram or a sigmoid cut is unusable, naming the offending entry.
///
/// The throwing `validate` functions (``KDEHistogram/validate(values:weights:edges:bandwidth:)``,
/// ``SoftmaxHistogram/validate(logits:weights:bins:temperature:)``,
/// ``SigmoidCut/validate(values:cut:slope:)``) report these; the differentiable functions cannot
/// throw, so they stop with the same message (`precondition`) instead.
public enum SoftHistogramError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No events at all (`what` names the input, e.g. "values").
    case emptyBatch(what: String)
    /// The KDE bandwidth is zero, negative, NaN, infinite, or so small that 1/h overflows.
    case invalidBandwidth(Double)
    /// Fewer than two bin edges.
    case tooFewEdges(count: Int)
    /// A bin edge is NaN or infinite.
    case nonFiniteEdge(index: Int, value: Double)
    /// `edges[index]` is not greater than `edges[index - 1]` (unsorted or repeated).
    case unsortedEdges(index: Int, previous: Double, value: Double)
    /// The value of event `index` is NaN or infinite.
    case nonFiniteValue(index: Int, value: Double)
    /// The weight of event `index` is NaN or infinite.
    case nonFiniteWeight(index: Int, value: Double)
    /// There is not exactly one weight per event.
    case weightCountMismatch(events: Int, weights: Int)
    /// The softmax temperature is zero, negative, NaN or infinite.
    case invalidTemperature(Double)
    /// A softmax histogram needs at least one bin.
    case invalidBinCount(Int)
    /// The logits do not form rows of `bins` values.
    case logitsShape(count: Int, bins: Int)
    /// Logit `bin` of event `event` is NaN or infinite.
    case nonFiniteLogit(event: Int, bin: Int, value: Double)
    /// A scalar parameter (`name`: "cut", "slope") is NaN or infinite.
    case nonFiniteParameter(name: String, value: Double)

    public var description: String {
        switch self {
        case let .emptyBatch(what):
            return "empty batch: \(what) has no events"
        case let .invalidBandwidth(value):
            return "bandwidth must be finite and greater than 0, got \(value)"
        case let .tooFewEdges(count):
            return "a histogram needs at least 2 bin edges, got \(count)"
        case let .nonFiniteEdge(index, value):
            return "edges[\(index)] = \(value) is not a finite number"
        case let .unsortedEdges(index, previous, value):
            let how = value == previous ? "repeats" : "is smaller than"
            return "bin edges must be strictly increasing: edges[\(index)] = \(value) \(how) edges[\(index - 1)] = \(previous)"
        case let .nonFiniteValue(index, value):
            return "values[\(index)] = \(value) (event \(index)) is not a finite number"
        case let .nonFiniteWeight(index, value):
            return "weights[\(index)] = \(value) (event \(index)) is not a finite number"
        case let .weightCountMismatch(events, weights):
            return "expected one weight per event: \(events) events but \(weights) weights"
        case let .invalidTemperature(value):
            return "softmax temperature must be finite and greater than 0, got \(value)"
        case let .invalidBinCount(bins):
            return "a softmax histogram needs at least 1 bin, got \(bins)"
        case let .logitsShape(count, bins):
            return "\(count) logits do not form rows of \(bins) bins (row-major events × bins)"
        case let .nonFiniteLogit(event, bin, value):
            return "the logit of event \(event), bin \(bin) is \(value), not a finite number"
        case let .nonFiniteParameter(name, value):
            return "\(name) = \(value) is not a finite number"
        }
    }
}

/// Shared checks, in the order the errors are reported.
enum Check {
    static func events(_ values: [Double], what: String = "values") throws {
        guard !values.isEmpty else { throw SoftHistogramError.emptyBatch(what: what) }
        for (index, value) in values.enumerated() where !value.isFinite {
            throw SoftHistogramError.nonFiniteValue(index: index, value: value)
        }
    }

    static func weights(_ weights: [Double]?, events: Int) throws {
        guard let weights else { return }
        guard weights.count == events else {
            throw SoftHistogramError.weightCountMismatch(events: events, weights: weights.count)
        }
        for (index, value) in weights.enumerated() where !value.isFinite {
            throw SoftHistogramError.nonFiniteWeight(index: index, value: value)
        }
    }

    static func edges(_ edges: [Double]) throws {
        guard edges.count >= 2 else { throw SoftHistogramError.tooFewEdges(count: edges.count) }
        for (index, value) in edges.enumerated() {
            guard value.isFinite else { throw SoftHistogramError.nonFiniteEdge(index: index, value: value) }
            if index > 0, !(value > edges[index - 1]) {
                throw SoftHistogramError.unsortedEdges(index: index, previous: edges[index - 1], value: value)
            }
        }
    }

    /// Runs `checks`; on failure stops the program with the error's message (for the
    /// differentiable functions, which cannot throw).
    static func require(_ function: String, _ checks: () throws -> Void) {
        do {
            try checks()
        } catch {
            preconditionFailure("\(function): \(error)")
        }
    }
}
