import _Differentiation

/// What a detector reports for a batch of events: the measured features (row-major N × F, like
/// the true events) and a per-event acceptance weight in [0, 1] (the probability that the event
/// is recorded). Downstream, the weights multiply the event weights of every histogram, so the
/// expected yields scale with the acceptance.
public struct MeasuredEvents: Differentiable {
    public var features: [Double]
    public var weights: [Double]

    @differentiable(reverse)
    public init(features: [Double], weights: [Double]) {
        self.features = features
        self.weights = weights
    }
}
