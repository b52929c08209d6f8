import _Differentiation
import Objectives
import SummaryNetworks

/// The cross-entropy baseline of the ttbar benchmark: a classifier of signal against all
/// backgrounds on the nominal events, each class weighted to unit total so that the rare but
/// heavily weighted QCD events count with their expected yield (Layer et al.: 8 → 20 → 20 → 1,
/// Adam at 1e-3).
public struct TtbarClassifierTrainer {
    public let configuration: TtbarConfiguration
    public let scaling: FeatureScaling
    public private(set) var network: MLP
    public private(set) var state: TrainingState
    /// The epoch whose network is kept: the one with the lowest validation loss.
    public private(set) var best = BestValidation()
    let training: LabelledEvents
    let validation: LabelledEvents

    /// Standardised features with labels (1 signal, 0 background) and class-balanced weights.
    struct LabelledEvents {
        var features: [Double]
        var labels: [Double]
        var weights: [Double]

        init(_ sample: TtbarSample, scaling: FeatureScaling) {
            let signal = sample[.signal, .nominal]
            let backgrounds = TtbarProcess.allCases.filter { $0 != .signal }.map { sample[$0, .nominal] }
            let backgroundYield = backgrounds.reduce(0) { $0 + $1.yield }
            features = scaling.apply(signal.features + backgrounds.flatMap(\.features))
            labels = [Double](repeating: 1, count: signal.count) + [Double](repeating: 0, count: backgrounds.reduce(0) { $0 + $1.count })
            weights = signal.weights.map { $0 / signal.yield } + backgrounds.flatMap(\.weights).map { $0 / backgroundYield }
        }

        var count: Int { labels.count }
    }

    public init(configuration: TtbarConfiguration, train: TtbarSample, validation: TtbarSample, scaling: FeatureScaling) throws {
        self.configuration = configuration
        self.scaling = scaling
        network = MLP(layerSizes: [TtbarSample.features.count] + configuration.classifierHidden + [1], hidden: .relu,
                      output: .identity, initializer: .heNormal, seed: configuration.seed)
        state = TrainingState(network: network, optimizer: try OptimizerState(name: "adam", learningRate: configuration.classifierLearningRate))
        training = LabelledEvents(train, scaling: scaling)
        self.validation = LabelledEvents(validation, scaling: scaling)
    }

    /// Trains with Adam on class-balanced weighted cross-entropy and keeps the network of the
    /// epoch with the lowest validation loss.
    public mutating func train(progress: (TrainingProgress) -> Void = { _ in }) throws {
        let (training, validation, configuration) = (self.training, self.validation, self.configuration)
        let width = TtbarSample.features.count
        let size = min(configuration.classifierBatchSize, training.count)
        var order: (epoch: Int, rows: [Int]) = (-1, [])
        var (state, network, best) = (self.state, self.network, self.best)
        defer {
            network.parameters = best.parameters ?? network.parameters
            (self.state, self.network, self.best) = (state, network, best)
        }
        try state.runEpochs(
            configuration.classifierEpochs, stepsPerEpoch: training.count / size, network: &network,
            step: { epoch, index, network in
                if order.epoch != epoch {
                    order = (epoch, EpochOrder.permutation(count: training.count, seed: configuration.seed, epoch: epoch))
                }
                let rows = order.rows[(index * size)..<((index + 1) * size)]
                let features = EpochOrder.rows(training.features, width: width, rows)
                let labels = rows.map { training.labels[$0] }, weights = rows.map { training.weights[$0] }
                let (loss, gradient) = valueWithGradient(at: network) { net in
                    binaryCrossEntropy(logits: net(features), labels: labels, weights: weights)
                }
                return (loss, gradient)
            },
            validation: { binaryCrossEntropy(logits: $0(validation.features), labels: validation.labels, weights: validation.weights) },
            endOfEpoch: { best.consider($0) },
            progress: progress
        )
    }

    public var summary: TtbarSummary {
        TtbarSummary(kind: .classifier, network: network, scaling: scaling, bins: configuration.classifierBins)
    }
}
