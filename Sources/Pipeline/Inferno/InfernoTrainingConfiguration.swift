/// What an INFERNO-benchmark training does; the defaults are the paper's (arXiv:1806.04743
/// §"Training details", reference notes §1.5).
public struct InfernoTrainingConfiguration: Codable, Equatable, Sendable {
    public enum Objective: Codable, Equatable, Sendable {
        /// INFERNO trained on one of the benchmarks 0…4 (the paper's "INFERNO k").
        case inferno(benchmark: Int)
        /// The cross-entropy classifier baseline.
        case crossEntropy

        public var label: String {
            switch self {
            case let .inferno(k): return "INFERNO \(k)"
            case .crossEntropy: return "cross-entropy"
            }
        }
    }

    public var objective: Objective
    /// Seeds the network initialisation and the order of the training events.
    public var seed: UInt
    public var epochs: Int
    /// Events per class in one mini-batch.
    public var batchSize: Int
    public var learningRate: Double
    /// "sgd" or "adam".
    public var optimizer: String
    /// Softmax temperature τ of the soft summary (INFERNO only).
    public var temperature: Double
    /// Summary bins: the network's outputs for INFERNO, uniform bins of P(signal) for cross-entropy.
    public var bins: Int
    public var hiddenLayers: [Int]
    /// Events per class in the training, validation and evaluation samples.
    public var trainingEvents: Int
    public var validationEvents: Int
    public var evaluationEvents: Int

    /// The paper's settings: INFERNO with SGD at 1e-6 and 1000 + 1000 events per batch, τ = 0.1,
    /// 10 outputs; cross-entropy with SGD at 1e-3 and 32 + 32; both 3 → 100 → 100 (ReLU), He
    /// initialisation, 200 epochs over 100 000 events per class.
    public static func paper(_ objective: Objective, seed: UInt = 777) -> InfernoTrainingConfiguration {
        let isInferno = objective != .crossEntropy
        return InfernoTrainingConfiguration(
            objective: objective, seed: seed, epochs: 200, batchSize: isInferno ? 1000 : 32,
            learningRate: isInferno ? 1e-6 : 1e-3, optimizer: "sgd", temperature: 0.1, bins: 10,
            hiddenLayers: [100, 100], trainingEvents: 100_000, validationEvents: 20_000, evaluationEvents: 200_000
        )
    }

    /// A scaled-down version for tests and quick looks.
    public func quick(epochs: Int, trainingEvents: Int, evaluationEvents: Int) -> InfernoTrainingConfiguration {
        var copy = self
        copy.epochs = epochs
        copy.trainingEvents = trainingEvents
        copy.validationEvents = min(validationEvents, trainingEvents)
        copy.evaluationEvents = evaluationEvents
        return copy
    }

    public func validate() throws {
        guard epochs > 0 else { throw TrainingError("epochs must be positive, got \(epochs)") }
        guard batchSize > 0, batchSize <= trainingEvents else {
            throw TrainingError("batch size must be between 1 and the \(trainingEvents) training events per class, got \(batchSize)")
        }
        guard learningRate > 0, learningRate.isFinite else { throw TrainingError("learning rate must be positive, got \(learningRate)") }
        guard temperature > 0 else { throw TrainingError("temperature must be positive, got \(temperature)") }
        guard bins >= 2 else { throw TrainingError("at least 2 bins are needed, got \(bins)") }
        guard hiddenLayers.allSatisfy({ $0 > 0 }) else { throw TrainingError("hidden layer sizes must be positive: \(hiddenLayers)") }
        if case let .inferno(k) = objective, !(0...4).contains(k) {
            throw TrainingError("INFERNO benchmarks are 0…4, got \(k)")
        }
        _ = try OptimizerState(name: optimizer, learningRate: learningRate)
    }
}
