/// What a joint detector-and-analysis optimisation on the ttbar benchmark does: the benchmark's
/// INFERNO settings (split, yields, network, bins, temperature, epochs, mini-batches, Adam for
/// the network) plus the detector's optimisation.
public struct TtbarDesignConfiguration: Sendable, Equatable {
    public var ttbar: TtbarConfiguration
    /// Epochs (of ``TtbarConfiguration/infernoEpochs``) during which only the network learns, at
    /// the initial ψ: ∂Δμ/∂ψ only says how the detector should change once the analysis fits it.
    public var warmupEpochs: Int
    /// Adam learning rate of ψ, in units of each parameter's range (ψ is optimised as
    /// (ψ − lo)/(hi − lo), so both parameters move at comparable rates whatever their units).
    public var detectorLearningRate: Double
    /// λ in L = Δμ + λ c(ψ).
    public var lambda: Double
    /// ψ = (r, t) at the start, inside the detector's bounds.
    public var initialParameters: [Double]

    /// The benchmark's INFERNO defaults (seed 11, published yields, 8 → 100 → 100 → 10, τ = 0.1,
    /// Adam at 10⁻³) with 4 mini-batches per epoch (the setting the design was measured with;
    /// `neos ttbar` now uses 8) for 100 epochs of which the first 20 train the network alone; ψ
    /// from the nominal resolution r = 1 and t = 60 GeV, Adam at 0.02 of the range.
    public static func standard(seed: UInt = 11, lambda: Double = 1) -> TtbarDesignConfiguration {
        var ttbar = TtbarConfiguration()
        ttbar.seed = seed
        ttbar.infernoStepsPerEpoch = 4
        return TtbarDesignConfiguration(ttbar: ttbar, warmupEpochs: 20, detectorLearningRate: 0.02, lambda: lambda, initialParameters: [1, 60])
    }

    /// A few seconds in a debug build: the benchmark's quick settings (300 rows per file, a
    /// 16 → 16 network, 6 bins), 3 epochs of which 1 warm-up, ψ at 0.1 of its range per step.
    public func quick() -> TtbarDesignConfiguration {
        var copy = self
        let seed = ttbar.seed
        copy.ttbar = .quick
        copy.ttbar.seed = seed
        copy.warmupEpochs = 1
        copy.detectorLearningRate = 0.1
        return copy
    }

    public func validate(detector: TtbarDetector) throws {
        try ttbar.validate()
        guard (0..<ttbar.infernoEpochs).contains(warmupEpochs) else {
            throw TrainingError("warm-up epochs must be ≥ 0 and fewer than the \(ttbar.infernoEpochs) epochs, got \(warmupEpochs)")
        }
        guard detectorLearningRate > 0, detectorLearningRate.isFinite else {
            throw TrainingError("detector learning rate must be positive, got \(detectorLearningRate)")
        }
        guard lambda >= 0, lambda.isFinite else { throw TrainingError("λ must be finite and ≥ 0, got \(lambda)") }
        try detector.parameters.validate(initialValues: initialParameters)
        guard detector.turnOnWidth > 0, detector.resolutionBounds.lowerBound > 0 else {
            throw TrainingError("the turn-on width and the resolution scales must be positive")
        }
    }
}
