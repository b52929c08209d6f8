/// What a joint detector-and-analysis optimisation on the INFERNO problem does.
public struct DesignConfiguration: Sendable, Equatable {
    /// Seeds the network initialisation and the order of the training events.
    public var seed: UInt
    /// Epochs in all, the first `warmupEpochs` of them training only the network at the initial ψ:
    /// ∂Δμ/∂ψ only says how the detector should change once the analysis is fitted to it.
    public var epochs: Int
    public var warmupEpochs: Int
    /// Events per class in one mini-batch.
    public var batchSize: Int
    /// Events per class in the training, validation (the per-epoch trajectory) and evaluation samples.
    public var trainingEvents: Int
    public var validationEvents: Int
    public var evaluationEvents: Int
    public var hiddenLayers: [Int]
    /// INFERNO benchmark (0…4) whose nuisances are profiled in Δμ.
    public var benchmark: Int
    public var bins: Int
    public var temperature: Double
    /// Adam learning rates of the network weights and of the detector parameters.
    public var learningRate: Double
    public var detectorLearningRate: Double
    /// λ in L = Δμ + λ c(ψ).
    public var lambda: Double
    /// ψ at the start, inside the detector's bounds.
    public var initialParameters: [Double]

    /// 30 000 events per class in batches of 1000, 3 → 100 → 100 → 10 with INFERNO's τ = 0.1,
    /// benchmark 2 (s, r, λ floating), Adam at 10⁻³ for the network and 2·10⁻² for ψ, 60 epochs
    /// of which the first 10 train the network alone, starting from σ_det = 1 and t = 0.2.
    public static func standard(seed: UInt = 777, lambda: Double = 1) -> DesignConfiguration {
        DesignConfiguration(seed: seed, epochs: 60, warmupEpochs: 10, batchSize: 1000, trainingEvents: 30_000, validationEvents: 10_000,
                            evaluationEvents: 50_000, hiddenLayers: [100, 100], benchmark: 2, bins: 10, temperature: 0.1,
                            learningRate: 1e-3, detectorLearningRate: 2e-2, lambda: lambda, initialParameters: [1, 0.2])
    }

    /// A few seconds in a debug build: 2000 events per class, a 16 → 16 network, 3 epochs (1 warm-up).
    public func quick() -> DesignConfiguration {
        var copy = self
        copy.epochs = 3
        copy.warmupEpochs = 1
        copy.batchSize = 500
        copy.trainingEvents = 2000
        copy.validationEvents = 1000
        copy.evaluationEvents = 2000
        copy.hiddenLayers = [16, 16]
        copy.detectorLearningRate = 5e-2
        return copy
    }

    public func validate(detector: some DetectorModel) throws {
        guard epochs > 0 else { throw TrainingError("epochs must be positive, got \(epochs)") }
        guard (0..<epochs).contains(warmupEpochs) else {
            throw TrainingError("warm-up epochs must be ≥ 0 and fewer than the \(epochs) epochs, got \(warmupEpochs)")
        }
        guard batchSize > 0, batchSize <= trainingEvents else {
            throw TrainingError("batch size must be between 1 and the \(trainingEvents) training events per class, got \(batchSize)")
        }
        guard validationEvents > 0, evaluationEvents > 0 else { throw TrainingError("validation and evaluation samples must not be empty") }
        guard (0...4).contains(benchmark) else { throw TrainingError("INFERNO benchmarks are 0…4, got \(benchmark)") }
        guard bins >= 2, temperature > 0, temperature.isFinite else { throw TrainingError("need at least 2 bins and a positive temperature") }
        guard hiddenLayers.allSatisfy({ $0 > 0 }) else { throw TrainingError("hidden layer sizes must be positive: \(hiddenLayers)") }
        for (name, rate) in [("learning rate", learningRate), ("detector learning rate", detectorLearningRate)] where !(rate > 0 && rate.isFinite) {
            throw TrainingError("\(name) must be positive, got \(rate)")
        }
        guard lambda >= 0, lambda.isFinite else { throw TrainingError("λ must be finite and ≥ 0, got \(lambda)") }
        try detector.parameters.validate(initialValues: initialParameters)
    }
}
