import _Differentiation
import Foundation
import GSL
import HistFactory
import Objectives
import SoftHistograms
import SummaryNetworks

/// Trains the neos example end to end: network → sigmoid → KDE histograms of the four samples →
/// a one-channel HistFactory model (signal × μ, background with a histosys from the up/down
/// samples, code4p) → log CLs, σ_μ or cross-entropy; Adam on the network.
public struct BlobsTrainer {
    public let configuration: BlobsTrainingConfiguration
    public private(set) var network: MLP
    public private(set) var state: TrainingState
    public let train: NeosBlobs
    public let test: NeosBlobs
    /// The statistical model whose templates the histograms fill.
    public let templateModel: TemplateModel

    /// A yield added to every template bin so that an empty bin never makes a rate vanish (neos
    /// recommends 1e-3).
    static let yieldFloor = 1e-3

    public init(configuration: BlobsTrainingConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        network = MLP(layerSizes: [2] + configuration.hiddenLayers + [1], hidden: .relu, output: .identity,
                      initializer: .heNormal, seed: configuration.seed)
        state = TrainingState(network: network, optimizer: try OptimizerState(name: "adam", learningRate: configuration.learningRate))
        (train, test) = NeosBlobs(count: configuration.eventsPerBlob, stream: RandomStream(seed: 1)).split(testFraction: 0.25)
        templateModel = try TemplateModel(workspace: Self.workspace(bins: configuration.bins))
    }

    /// One channel of `bins` bins: signal with normfactor μ, background with histosys
    /// `bkg_shape`; the template numbers are placeholders that each step replaces.
    static func workspace(bins: Int) -> Workspace {
        let flat = [Double](repeating: 1, count: bins)
        return Workspace(
            channels: [.init(name: "summary", samples: [
                .init(name: "signal", data: flat, modifiers: [.init(name: "mu", kind: .normfactor)]),
                .init(name: "background", data: flat, modifiers: [
                    .init(name: "bkg_shape", kind: .histosys(hiData: flat, loData: flat)),
                ]),
            ])],
            observations: [.init(name: "summary", data: flat)],
            measurements: [.init(name: "neos", config: .init(poi: "mu"))]
        )
    }

    var edges: [Double] { (0...configuration.bins).map { Double($0) / Double(configuration.bins) } }
    var yields: [Double] {
        [configuration.signalYield, configuration.backgroundYield, configuration.backgroundYield, configuration.backgroundYield]
    }

    /// The template vector [signal, background, up, down] from KDE histograms of the network's
    /// sigmoid output, each scaled to its expected yield per batch.
    @differentiable(reverse, wrt: network)
    func softTemplates(_ network: MLP, _ batches: [[Double]]) -> [Double] {
        let (edges, bandwidth, yields) = withoutDerivative(at: (self.edges, configuration.bandwidth, self.yields))
        var templates: [Double] = []
        for k in withoutDerivative(at: batches.indices) {
            let probabilities = SigmoidCut.weights(values: network(batches[k]), cut: 0, slope: 1)
            let counts = KDEHistogram.counts(values: probabilities, edges: edges, bandwidth: bandwidth, foldOverflow: true)
            let scale = withoutDerivative(at: yields[k] / Double(batches[k].count / 2))
            for i in withoutDerivative(at: counts.indices) { templates.append(counts[i] * scale + Self.yieldFloor) }
        }
        return templates
    }

    /// The same templates with a hard histogram, for evaluation.
    func hardTemplates(_ samples: [[Double]]) -> [Double] {
        zip(samples, yields).flatMap { events, yield -> [Double] in
            var counts = [Double](repeating: 0, count: configuration.bins)
            for logit in network(events) {
                counts[min(configuration.bins - 1, Int(Double(configuration.bins) / (1 + exp(-logit))))] += 1
            }
            return counts.map { $0 * yield / Double(events.count / 2) + Self.yieldFloor }
        }
    }

    @differentiable(reverse, wrt: network)
    func loss(_ network: MLP, _ batches: [[Double]]) -> Double {
        switch withoutDerivative(at: configuration.objective) {
        case .cls:
            // log CLs: the same minimum as CLs, but with gradients that keep their scale while
            // CLs falls by decades; on CLs itself Adam's second-moment average (β₂ = 0.999, about
            // 1000 steps) remembers the early, large gradients and the steps shrink with CLs,
            // so some initialisations stall far from the minimum.
            return log(templateModel.expectedCLs(templates: softTemplates(network, batches)))
        case .fisher:
            return templateModel.poiUncertainty(templates: softTemplates(network, batches))
        case .bce:
            let counts = withoutDerivative(at: batches.map { $0.count / 2 })
            let labels = withoutDerivative(at: [Double](repeating: 1, count: counts[0]) + [Double](repeating: 0, count: counts[1] + counts[2] + counts[3]))
            return binaryCrossEntropy(logits: network(batches[0] + batches[1] + batches[2] + batches[3]), labels: labels)
        }
    }

    /// Trains the remaining epochs (an epoch visits every training event of every blob once),
    /// checkpointing as ``InfernoTrainer/train(checkpointPath:progress:)`` does.
    public mutating func train(checkpointPath: String? = nil, progress: (TrainingProgress) -> Void = { _ in }) throws {
        let (size, configuration, train, test) = (self.configuration.batchSize, self.configuration, self.train, self.test)
        var orders: (epoch: Int, rows: [[Int]]) = (-1, [])
        let trainer = self
        var (state, network) = (self.state, self.network)
        defer { (self.state, self.network) = (state, network) }
        try state.runEpochs(
            configuration.epochs, stepsPerEpoch: train.count / size, network: &network,
            step: { epoch, index, network in
                if orders.epoch != epoch {
                    orders = (epoch, (0..<4).map { EpochOrder.permutation(count: train.count, seed: configuration.seed, epoch: epoch, stream: $0) })
                }
                let range = (index * size)..<((index + 1) * size)
                let batches = zip(train.samples, orders.rows).map { EpochOrder.rows($0, width: 2, $1[range]) }
                let (loss, gradient) = valueWithGradient(at: network) { net in trainer.loss(net, batches) }
                return (loss, gradient)
            },
            validation: { trainer.loss($0, test.samples) },
            endOfEpoch: { state in
                if let checkpointPath { try BlobsCheckpoint(configuration: configuration, state: state).write(to: checkpointPath) }
            },
            progress: progress
        )
    }

    /// The first mini-batch of every blob, for timing one step.
    public var firstBatches: [[Double]] {
        train.samples.map { Array($0[0..<(2 * configuration.batchSize)]) }
    }

    /// One optimisation step on `batches` (loss, gradient through the whole chain, Adam update);
    /// returns the loss.
    public mutating func step(on batches: [[Double]]) -> Double {
        let trainer = self
        let (loss, gradient) = valueWithGradient(at: network) { net in trainer.loss(net, batches) }
        state.optimizer.update(&network, along: gradient)
        return loss
    }

    /// Expected CLs and σ_μ of the trained summary on the test set, with hard histograms.
    public func evaluate() -> (cls: Double, sigmaMu: Double) {
        let templates = hardTemplates(test.samples)
        return (templateModel.expectedCLs(templates: templates), templateModel.poiUncertainty(templates: templates))
    }

    public var checkpoint: BlobsCheckpoint { BlobsCheckpoint(configuration: configuration, state: state) }

    public init(resuming checkpoint: BlobsCheckpoint) throws {
        try self.init(configuration: checkpoint.configuration)
        try checkpoint.restore(into: &network)
        state = checkpoint.state
    }
}

public typealias BlobsCheckpoint = TrainingCheckpoint<BlobsTrainingConfiguration>
