import _Differentiation
import Objectives
import SummaryNetworks

/// INFERNO on the ttbar benchmark: a network whose softmax outputs (temperature τ) are the bins
/// of a soft histogram of every process and of every shape variation; the histograms fill the
/// benchmark's full HistFactory model (``TtbarWorkspace``: μ, free QCD normalisation,
/// luminosity, normalisation and shape systematics), and the loss is σ_μ = √[I⁻¹]_μμ of its
/// Asimov Fisher information (de Castro & Dorigo, arXiv:1806.04743; Layer et al. train with
/// their model's shape and normalisation systematics in the same way).
///
/// A mini-batch takes the same position slices of every process and variation, so its up, down
/// and nominal templates come from the same generated events and the shape differences keep
/// their event-by-event correlation.
public struct TtbarInfernoTrainer {
    public let configuration: TtbarConfiguration
    public let scaling: FeatureScaling
    public private(set) var network: MLP
    public private(set) var state: TrainingState
    /// The epoch whose network is kept: the one with the lowest validation σ_μ.
    public private(set) var best = BestValidation()
    /// The soft histograms and the model they fill.
    public let templates: TtbarSoftTemplates
    public var templateModel: TemplateModel { templates.templateModel }
    /// Standardised events of ``TtbarWorkspace/histograms``, in that order.
    let training: [TtbarEvents]
    let validation: [TtbarEvents]

    /// Position slices per mini-batch.
    static let slicesPerStep = 4

    /// `normalisationOnly` names the processes whose shape systematics are normsys (their
    /// factors, total-yield ratios, do not depend on the summary).
    public init(configuration: TtbarConfiguration, train: TtbarSample, validation: TtbarSample, scaling: FeatureScaling,
                normalisationOnly: Set<TtbarProcess> = []) throws {
        self.configuration = configuration
        self.scaling = scaling
        let bins = configuration.infernoBins
        network = MLP(layerSizes: [TtbarSample.features.count] + configuration.infernoHidden + [bins], hidden: .relu,
                      output: .identity, initializer: .heNormal, seed: configuration.seed)
        state = TrainingState(network: network, optimizer: try OptimizerState(name: "adam", learningRate: configuration.infernoLearningRate))
        templates = try TtbarSoftTemplates(configuration: configuration, train: train, normalisationOnly: normalisationOnly)
        let histograms = TtbarWorkspace.histograms
        func standardised(_ events: TtbarEvents) -> TtbarEvents {
            TtbarEvents(features: scaling.apply(events.features), weights: events.weights)
        }
        training = histograms.map { standardised(train[$0.process, $0.variation]) }
        self.validation = histograms.map { standardised(validation[$0.process, $0.variation]) }
    }

    /// σ_μ of the model filled with the soft histograms of `parts` (in ``TtbarWorkspace/histograms``
    /// order), and with the statistical uncertainties √(s Σw²) of their nominal soft histograms.
    ///
    /// `share` is the fraction of the full sample that `parts` hold (their weights are scaled up
    /// by 1/share); s = share / testFraction makes the uncertainties those of templates filled
    /// from the test part, as the final model's are.
    @differentiable(reverse, wrt: network)
    func loss(_ network: MLP, _ parts: [TtbarEvents], share: Double) -> Double {
        let (features, weights) = withoutDerivative(at: (parts.map(\.features), parts.map(\.weights)))
        let scale = withoutDerivative(at: share / configuration.testFraction)
        return templates.poiUncertainty(templates.histograms(network, features: features, weights: weights, varianceScale: scale))
    }

    /// The share of the full sample in one mini-batch and in the validation part.
    var batchShare: Double {
        (1 - configuration.testFraction) * (1 - configuration.validationFraction) / Double(configuration.infernoStepsPerEpoch)
    }
    var validationShare: Double { (1 - configuration.testFraction) * configuration.validationFraction }

    /// The events of mini-batch `index` of `epoch`: the same slices of every part, reweighted to
    /// the full yield.
    func batch(epoch: Int, index: Int) -> [TtbarEvents] {
        let steps = configuration.infernoStepsPerEpoch
        let slices = steps * Self.slicesPerStep
        let order = EpochOrder.permutation(count: slices, seed: configuration.seed, epoch: epoch)
        let chosen = Set(order[(index * Self.slicesPerStep)..<((index + 1) * Self.slicesPerStep)])
        return training.map { part in
            let rows = (0..<part.count).filter { chosen.contains($0 * slices / part.count) }
            return part.rows(rows, scale: Double(slices) / Double(Self.slicesPerStep))
        }
    }

    /// Trains with Adam and keeps the network of the epoch with the lowest validation σ_μ.
    public mutating func train(progress: (TrainingProgress) -> Void = { _ in }) throws {
        let trainer = self
        var (state, network, best) = (self.state, self.network, self.best)
        defer {
            network.parameters = best.parameters ?? network.parameters
            (self.state, self.network, self.best) = (state, network, best)
        }
        try state.runEpochs(
            configuration.infernoEpochs, stepsPerEpoch: configuration.infernoStepsPerEpoch, network: &network,
            step: { epoch, index, network in
                let parts = trainer.batch(epoch: epoch, index: index)
                let (loss, gradient) = valueWithGradient(at: network) { net in trainer.loss(net, parts, share: trainer.batchShare) }
                return (loss, gradient)
            },
            validation: { trainer.loss($0, trainer.validation, share: trainer.validationShare) },
            endOfEpoch: { best.consider($0) },
            progress: progress
        )
    }

    public var summary: TtbarSummary {
        TtbarSummary(kind: .softmax, network: network, scaling: scaling, bins: configuration.infernoBins)
    }
}
