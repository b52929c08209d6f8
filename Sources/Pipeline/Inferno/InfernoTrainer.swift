import _Differentiation
import Foundation
import GSL
import Objectives
import SummaryNetworks

/// Trains a summary network on the INFERNO 3-D problem (INFERNO k or the cross-entropy baseline)
/// and evaluates it with the paper's protocol. Data come from fixed seeds (27, 37, 47 as in the
/// authors' code: training, validation, evaluation), so only `configuration.seed` changes between
/// the members of an ensemble.
public struct InfernoTrainer {
    public let configuration: InfernoTrainingConfiguration
    public private(set) var network: MLP
    public private(set) var state: TrainingState
    let data: InfernoData

    public init(configuration: InfernoTrainingConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let outputs = configuration.objective == .crossEntropy ? 1 : configuration.bins
        network = MLP(layerSizes: [InfernoProblem.features] + configuration.hiddenLayers + [outputs],
                      hidden: .relu, output: .identity, initializer: .heNormal, seed: configuration.seed)
        state = TrainingState(network: network, optimizer: try OptimizerState(name: configuration.optimizer, learningRate: configuration.learningRate))
        data = InfernoData(configuration)
    }

    /// Resumes from a checkpoint written during `train`.
    public init(resuming checkpoint: InfernoCheckpoint) throws {
        try self.init(configuration: checkpoint.configuration)
        try checkpoint.restore(into: &network)
        state = checkpoint.state
    }

    public var checkpoint: InfernoCheckpoint { InfernoCheckpoint(configuration: configuration, state: state) }

    private var benchmark: InfernoBenchmark? {
        if case let .inferno(k) = configuration.objective { return InfernoBenchmark(index: k) }
        return nil
    }

    /// The loss of one batch (Var(ŝ) for INFERNO, cross-entropy for the baseline) with its gradient.
    func lossAndGradient(_ network: MLP, signal: [Double], background: [Double]) -> (loss: Double, gradient: MLP.TangentVector) {
        if let benchmark {
            let nuisance = InfernoProblem.nuisanceDirections(background: background)
            let (bins, temperature) = (configuration.bins, configuration.temperature)
            let (loss, gradient) = valueWithGradient(at: network) { net in
                InfernoLoss.signalVariance(net, signal: signal, background: background, directions: [nuisance.shift, nuisance.rate],
                                           benchmark: benchmark, bins: bins, temperature: temperature)
            }
            return (loss, gradient)
        }
        let (loss, gradient) = valueWithGradient(at: network) { net in InfernoLoss.crossEntropy(net, signal: signal, background: background) }
        return (loss, gradient)
    }

    /// Trains the remaining epochs, recording the validation loss after each and, when
    /// `checkpointPath` is given, writing the state there atomically. A non-finite loss stops the
    /// training with an error; the last checkpoint then still holds the last good epoch.
    public mutating func train(checkpointPath: String? = nil, progress: (TrainingProgress) -> Void = { _ in }) throws {
        let (size, width, configuration, data) = (self.configuration.batchSize, InfernoProblem.features, self.configuration, self.data)
        var orders: (epoch: Int, signal: [Int], background: [Int]) = (-1, [], [])
        let trainer = self
        var (state, network) = (self.state, self.network)
        defer { (self.state, self.network) = (state, network) }
        try state.runEpochs(
            configuration.epochs, stepsPerEpoch: configuration.trainingEvents / size, network: &network,
            step: { epoch, index, network in
                if orders.epoch != epoch {
                    orders = (epoch,
                              EpochOrder.permutation(count: configuration.trainingEvents, seed: configuration.seed, epoch: epoch, stream: 0),
                              EpochOrder.permutation(count: configuration.trainingEvents, seed: configuration.seed, epoch: epoch, stream: 1))
                }
                let range = (index * size)..<((index + 1) * size)
                return trainer.lossAndGradient(network, signal: EpochOrder.rows(data.trainingSignal, width: width, orders.signal[range]),
                                            background: EpochOrder.rows(data.trainingBackground, width: width, orders.background[range]))
            },
            validation: { trainer.lossAndGradient($0, signal: data.validationSignal, background: data.validationBackground).loss },
            endOfEpoch: { state in
                if let checkpointPath { try InfernoCheckpoint(configuration: configuration, state: state).write(to: checkpointPath) }
            },
            progress: progress
        )
    }

    /// The summary's hard bins: argmax of the outputs (INFERNO) or P(signal) in uniform bins.
    public func hardBins(_ events: [Double]) -> [Int] {
        let outputs = network(events)
        let bins = configuration.bins
        if configuration.objective == .crossEntropy {
            return outputs.map { logit in min(bins - 1, Int(Double(bins) / (1 + exp(-logit)))) }
        }
        return (0..<(outputs.count / bins)).map { k in
            let row = outputs[(k * bins)..<((k + 1) * bins)]
            return row.indices.max { row[$0] < row[$1] }! - k * bins
        }
    }

    /// σ_s on benchmarks 0…4 with the paper's evaluation protocol on the evaluation sample.
    public func evaluate() -> [Double] {
        let templates = HardTemplates(binCount: configuration.bins, samples: data.evaluation, summary: hardBins)
        return InfernoBenchmark.all.map { $0.expectedUncertainty(templates: templates) }
    }
}

/// The samples of one training, generated from the paper's fixed seeds.
struct InfernoData {
    let trainingSignal: [Double]
    let trainingBackground: [Double]
    let validationSignal: [Double]
    let validationBackground: [Double]
    let evaluation: InfernoEvaluationSamples

    init(_ configuration: InfernoTrainingConfiguration) {
        let training = RandomStream(seed: 27), validation = RandomStream(seed: 37), evaluation = RandomStream(seed: 47)
        trainingSignal = InfernoProblem.signal(count: configuration.trainingEvents, stream: training)
        trainingBackground = InfernoProblem.background(count: configuration.trainingEvents, stream: training)
        validationSignal = InfernoProblem.signal(count: configuration.validationEvents, stream: validation)
        validationBackground = InfernoProblem.background(count: configuration.validationEvents, stream: validation)
        self.evaluation = InfernoEvaluationSamples(
            signal: InfernoProblem.signal(count: configuration.evaluationEvents, stream: evaluation),
            background: InfernoProblem.background(count: configuration.evaluationEvents, stream: evaluation)
        )
    }
}

public typealias InfernoCheckpoint = TrainingCheckpoint<InfernoTrainingConfiguration>
