import _Differentiation
import SummaryNetworks

/// Optimises the INFERNO ttbar network and the detector parameters ψ = (r, t) together on
/// L = Δμ + λ c(ψ) (``TtbarDesignObjective``). The benchmark's mini-batches (the same slices of
/// every process and variation; ``TtbarInfernoTrainer``) give ∂L/∂φ and ∂L/∂ψ in one reverse
/// pass; the network takes an Adam step, ψ a separate Adam step in units of its range,
/// u = (ψ − lo)/(hi − lo) with ∂L/∂u = (hi − lo) ∂L/∂ψ, projected back into [0, 1]
/// (``BoundedAdam``). During the first `warmupEpochs` only the network moves. The trajectory is
/// measured on the validation part, the initial and final points on the test part.
public struct TtbarDesignTrainer {
    public let configuration: TtbarDesignConfiguration
    public let objective: TtbarDesignObjective
    public private(set) var network: MLP
    public private(set) var parameters: [Double]
    /// ψ, Δμ and the cost on the validation part: at the start and after each epoch.
    public private(set) var trajectory: [DesignPoint] = []
    var networkOptimizer: Adam
    var detectorOptimizer: BoundedAdam
    /// The benchmark's INFERNO trainer: the soft templates, the mini-batches and the validation part.
    let inferno: TtbarInfernoTrainer
    let validation: TtbarDesignBatch
    let evaluation: TtbarDesignBatch

    public init(configuration: TtbarDesignConfiguration, detector: TtbarDetector, benchmark: TtbarBenchmark) throws {
        try configuration.validate(detector: detector)
        self.configuration = configuration
        let ttbar = configuration.ttbar
        inferno = try TtbarInfernoTrainer(configuration: ttbar, train: benchmark.train, validation: benchmark.validation,
                                          scaling: benchmark.scaling, normalisationOnly: benchmark.normalisationOnly)
        objective = TtbarDesignObjective(detector: detector, templates: inferno.templates,
                                         resolution: TtbarResolution(bins: ttbar.infernoBins, normalisationOnly: benchmark.normalisationOnly),
                                         lambda: configuration.lambda, rateEvents: benchmark.train[.qcd, .nominal])
        network = inferno.network
        parameters = configuration.initialParameters
        networkOptimizer = Adam(learningRate: ttbar.infernoLearningRate)
        detectorOptimizer = BoundedAdam(learningRate: configuration.detectorLearningRate, bounds: detector.parameters.map { _ in 0...1 })
        validation = TtbarDesignBatch(parts: inferno.validation, scaling: benchmark.scaling, share: inferno.validationShare, testFraction: ttbar.testFraction)
        let test = TtbarWorkspace.histograms.map { h in
            let events = benchmark.test[h.process, h.variation]
            return TtbarEvents(features: benchmark.scaling.apply(events.features), weights: events.weights)
        }
        evaluation = TtbarDesignBatch(parts: test, scaling: benchmark.scaling, share: ttbar.testFraction, testFraction: ttbar.testFraction)
    }

    /// Runs all epochs. A non-finite objective or gradient stops with an error before any update.
    public mutating func train(progress: (TrainingProgress) -> Void = { _ in }) throws {
        let ttbar = configuration.ttbar
        let steps = ttbar.infernoStepsPerEpoch
        let bounds = objective.detector.parameters.map(\.bounds)
        trajectory = [point(epoch: 0, on: validation)]
        for epoch in 0..<ttbar.infernoEpochs {
            for index in 0..<steps {
                let batch = TtbarDesignBatch(parts: inferno.batch(epoch: epoch, index: index), scaling: inferno.scaling,
                                             share: inferno.batchShare, testFraction: ttbar.testFraction)
                let objective = self.objective
                let (loss, (networkGradient, parameterGradient)) = valueWithGradient(at: network, parameters) { net, psi in
                    objective(net, psi, batch: batch)
                }
                guard loss.isFinite, networkGradient.parameters.allSatisfy(\.isFinite), parameterGradient.base.allSatisfy(\.isFinite) else {
                    throw TrainingError("the objective became \(loss) at epoch \(epoch + 1), step \(index + 1) with ψ = \(parameters); stopping")
                }
                networkOptimizer.update(&network, along: networkGradient)
                if epoch >= configuration.warmupEpochs {
                    var unit = parameters.indices.map { (parameters[$0] - bounds[$0].lowerBound) / Self.width(bounds[$0]) }
                    detectorOptimizer.update(&unit, along: parameters.indices.map { parameterGradient.base[$0] * Self.width(bounds[$0]) })
                    parameters = parameters.indices.map { bounds[$0].lowerBound + unit[$0] * Self.width(bounds[$0]) }
                }
                progress(TrainingProgress(epoch: epoch, epochs: ttbar.infernoEpochs, step: index + 1, stepsPerEpoch: steps, loss: loss))
            }
            trajectory.append(point(epoch: epoch + 1, on: validation))
        }
    }

    static func width(_ range: ClosedRange<Double>) -> Double { range.upperBound - range.lowerBound }

    /// ψ, Δμ, cost and L of the current network and detector on the test part.
    public func evaluate() -> DesignPoint {
        point(epoch: trajectory.last?.epoch ?? 0, on: evaluation)
    }

    /// ∂L/∂ψ from the reverse pass against central finite differences of the whole pipeline
    /// (acceptance, network, soft histograms, resolution interpolation, Fisher information) on
    /// the validation part. ψ only reweights events and interpolates templates, so L is smooth
    /// in ψ (no network kinks are crossed) and a small step is safe.
    public func gradientCheck(step: Double = 1e-5) -> GradientCheck {
        let (objective, network, batch) = (self.objective, self.network, self.validation)
        return GradientCheck(at: parameters, step: step) { psi in objective(network, psi, batch: batch) } gradient: { psi in
            gradient(at: psi) { objective(network, $0, batch: batch) }.base
        }
    }

    func point(epoch: Int, on batch: TtbarDesignBatch) -> DesignPoint {
        let deltaMu = objective.deltaMu(network, parameters, batch: batch)
        let cost = objective.cost(parameters)
        return DesignPoint(epoch: epoch, parameters: parameters, deltaMu: deltaMu, cost: cost, objective: deltaMu + objective.lambda * cost)
    }
}
