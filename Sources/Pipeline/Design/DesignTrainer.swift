import _Differentiation
import Foundation
import SummaryNetworks

/// Optimises a summary network and the detector parameters ψ together on
/// L = Δμ + λ c(ψ) (``DesignObjective``): each mini-batch gives ∂L/∂φ and ∂L/∂ψ in one reverse
/// pass; the network takes an Adam step, ψ a separate Adam step with its own learning rate,
/// projected back into the detector's bounds (``BoundedAdam``). During the first
/// `warmupEpochs` only the network moves.
///
/// Events come from fixed seeds (27, 37, 47: training, validation, evaluation; their noise from
/// 28, 38, 48), so only `configuration.seed` (network initialisation, event order) changes
/// between runs.
public struct DesignTrainer<Detector: DetectorModel> {
    public let configuration: DesignConfiguration
    public let objective: DesignObjective<Detector>
    public private(set) var network: MLP
    public private(set) var parameters: [Double]
    /// ψ, Δμ and the cost on the validation sample: at the start and after each epoch.
    public private(set) var trajectory: [DesignPoint] = []
    var networkOptimizer: Adam
    var detectorOptimizer: BoundedAdam
    let training: DesignSample
    let validation: DesignSample
    let evaluation: DesignSample

    public init(configuration: DesignConfiguration, detector: Detector) throws {
        try configuration.validate(detector: detector)
        self.configuration = configuration
        objective = DesignObjective(detector: detector, benchmark: InfernoBenchmark(index: configuration.benchmark),
                                    bins: configuration.bins, temperature: configuration.temperature, lambda: configuration.lambda)
        network = MLP(layerSizes: [InfernoProblem.features] + configuration.hiddenLayers + [configuration.bins],
                      hidden: .relu, output: .identity, initializer: .heNormal, seed: configuration.seed)
        parameters = configuration.initialParameters
        networkOptimizer = Adam(learningRate: configuration.learningRate)
        detectorOptimizer = BoundedAdam(learningRate: configuration.detectorLearningRate, bounds: detector.parameters.map(\.bounds))
        let noise = detector.noisePerEvent
        training = DesignSample(events: configuration.trainingEvents, seed: 27, noisePerEvent: noise)
        validation = DesignSample(events: configuration.validationEvents, seed: 37, noisePerEvent: noise)
        evaluation = DesignSample(events: configuration.evaluationEvents, seed: 47, noisePerEvent: noise)
    }

    /// Runs all epochs. A non-finite objective or gradient stops with an error before any update.
    public mutating func train(progress: (TrainingProgress) -> Void = { _ in }) throws {
        let size = configuration.batchSize, steps = configuration.trainingEvents / size
        trajectory = [point(epoch: 0, on: validation)]
        for epoch in 0..<configuration.epochs {
            let order = (signal: EpochOrder.permutation(count: training.count, seed: configuration.seed, epoch: epoch, stream: 0),
                         background: EpochOrder.permutation(count: training.count, seed: configuration.seed, epoch: epoch, stream: 1))
            for index in 0..<steps {
                let rows = (index * size)..<((index + 1) * size)
                let batch = training.batch(signalRows: order.signal[rows], backgroundRows: order.background[rows])
                let objective = self.objective
                let (loss, (networkGradient, parameterGradient)) = valueWithGradient(at: network, parameters) { net, psi in
                    objective(net, psi, batch: batch)
                }
                guard loss.isFinite, networkGradient.parameters.allSatisfy(\.isFinite), parameterGradient.base.allSatisfy(\.isFinite) else {
                    throw TrainingError("the objective became \(loss) at epoch \(epoch + 1), step \(index + 1) with ψ = \(parameters); stopping")
                }
                networkOptimizer.update(&network, along: networkGradient)
                if epoch >= configuration.warmupEpochs { detectorOptimizer.update(&parameters, along: parameterGradient.base) }
                progress(TrainingProgress(epoch: epoch, epochs: configuration.epochs, step: index + 1, stepsPerEpoch: steps, loss: loss))
            }
            trajectory.append(point(epoch: epoch + 1, on: validation))
        }
    }

    /// ψ, Δμ, cost and L of the current network and detector on the evaluation sample.
    public func evaluate() -> DesignPoint {
        point(epoch: trajectory.last?.epoch ?? 0, on: evaluation)
    }

    /// ∂L/∂ψ from the reverse pass against central finite differences of the whole pipeline
    /// (detector, network, soft histograms, Fisher information) on the first `events` events per
    /// class of the validation sample. The ReLU network makes L piecewise smooth in σ_det (an
    /// event's smeared x₀ can cross a kink of the network), and a difference interval that
    /// contains a kink is off by O(step); a small step and batch keep kinks out of it.
    public func gradientCheck(step: Double = 1e-7, events: Int = 1000) -> GradientCheck {
        let rows = 0..<min(events, validation.count)
        let (objective, network) = (self.objective, self.network)
        let batch = validation.batch(signalRows: Array(rows)[...], backgroundRows: Array(rows)[...])
        return GradientCheck(at: parameters, step: step) { psi in objective(network, psi, batch: batch) } gradient: { psi in
            gradient(at: psi) { objective(network, $0, batch: batch) }.base
        }
    }

    func point(epoch: Int, on sample: DesignSample) -> DesignPoint {
        let deltaMu = objective.deltaMu(network, parameters, batch: sample.batch)
        let cost = objective.detector.cost(parameters)
        return DesignPoint(epoch: epoch, parameters: parameters, deltaMu: deltaMu, cost: cost, objective: deltaMu + objective.lambda * cost)
    }
}

/// The state of a design optimisation at one epoch.
public struct DesignPoint: Sendable, Equatable {
    public var epoch: Int
    /// ψ, in the order of the detector's `parameters`.
    public var parameters: [Double]
    public var deltaMu: Double
    public var cost: Double
    /// Δμ + λ c.
    public var objective: Double
}
