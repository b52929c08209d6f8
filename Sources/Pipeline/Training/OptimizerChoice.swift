import SummaryNetworks

/// The optimiser of a training with its state, so that a checkpoint resumes exactly.
public enum OptimizerState: Codable, Equatable, Sendable {
    case sgd(SGD)
    case adam(Adam)

    public init(name: String, learningRate: Double) throws {
        switch name {
        case "sgd": self = .sgd(SGD(learningRate: learningRate))
        case "adam": self = .adam(Adam(learningRate: learningRate))
        default: throw TrainingError("unknown optimiser '\(name)' (expected sgd or adam)")
        }
    }

    public mutating func update(_ network: inout MLP, along gradient: MLP.TangentVector) {
        switch self {
        case var .sgd(optimizer):
            optimizer.update(&network, along: gradient)
            self = .sgd(optimizer)
        case var .adam(optimizer):
            optimizer.update(&network, along: gradient)
            self = .adam(optimizer)
        }
    }
}
