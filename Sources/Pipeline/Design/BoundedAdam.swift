import SummaryNetworks

/// Adam on a few parameters that must stay inside a box: the Adam step, then each parameter
/// clamped to its bounds (projected gradient descent), ψ_i ← min(max(ψ_i − Δ_i, lo_i), hi_i).
/// Separate from the network's optimiser, so detector parameters get their own learning rate.
public struct BoundedAdam: Sendable, Equatable {
    public var adam: Adam
    public let bounds: [ClosedRange<Double>]

    public init(learningRate: Double, bounds: [ClosedRange<Double>]) {
        adam = Adam(learningRate: learningRate)
        self.bounds = bounds
    }

    public mutating func update(_ parameters: inout [Double], along gradient: [Double]) {
        precondition(parameters.count == bounds.count, "BoundedAdam: \(parameters.count) parameters, \(bounds.count) bounds")
        adam.update(&parameters, along: gradient)
        for i in parameters.indices { parameters[i] = min(max(parameters[i], bounds[i].lowerBound), bounds[i].upperBound) }
    }
}
