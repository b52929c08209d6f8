import Foundation
import SummaryNetworks

/// A trained summary statistic of the ttbar events: a network on standardised features whose
/// output is binned hard for the final model, either a classifier's sigmoid output in uniform
/// bins of [0, 1] or the arg-max of an INFERNO network's outputs.
public struct TtbarSummary {
    public enum Kind: String, Codable, Sendable {
        case classifier
        case softmax
    }

    public var kind: Kind
    public var network: MLP
    public var scaling: FeatureScaling
    public var bins: Int

    /// The bin of every event (row-major raw features).
    public func binIndices(_ features: [Double]) -> [Int] {
        let outputs = network(scaling.apply(features))
        switch kind {
        case .classifier:
            return outputs.map { logit in min(bins - 1, Int(Double(bins) / (1 + exp(-logit)))) }
        case .softmax:
            return stride(from: 0, to: outputs.count, by: bins).map { start in
                (start..<(start + bins)).max { outputs[$0] < outputs[$1] }! - start
            }
        }
    }

    /// The weighted hard histogram of some events, Σw per bin, and Σw² per bin (the square of
    /// its statistical uncertainty), from one pass of the network.
    public func histogram(_ events: TtbarEvents) -> (counts: [Double], squaredWeights: [Double]) {
        var counts = [Double](repeating: 0, count: bins)
        var squares = [Double](repeating: 0, count: bins)
        for (bin, weight) in zip(binIndices(events.features), events.weights) {
            counts[bin] += weight
            squares[bin] += weight * weight
        }
        return (counts, squares)
    }
}
