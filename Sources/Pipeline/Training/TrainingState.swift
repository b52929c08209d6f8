import Foundation
import SummaryNetworks

/// The mutable part of a training: the network, the optimiser with its state, the loss curve
/// and how many epochs are done. Trainers own one and drive it with `runEpochs`.
public struct TrainingState: Codable, Equatable, Sendable {
    public var parameters: [Double]
    public var optimizer: OptimizerState
    public var history: TrainingHistory
    public var completedEpochs: Int

    public init(network: MLP, optimizer: OptimizerState) {
        parameters = network.parameters
        self.optimizer = optimizer
        history = TrainingHistory()
        completedEpochs = 0
    }

    /// Runs epochs until `epochs` are done. Each step asks `step(epoch, index, network)` for the
    /// loss and gradient of its batch; after each epoch `validation(network)` is recorded and
    /// `endOfEpoch(self)` can checkpoint. A non-finite loss or gradient stops the training with
    /// an error before the optimiser touches the network, so the last checkpoint stays good.
    public mutating func runEpochs(
        _ epochs: Int, stepsPerEpoch steps: Int, network: inout MLP,
        step: (_ epoch: Int, _ index: Int, _ network: MLP) -> (loss: Double, gradient: MLP.TangentVector),
        validation: (MLP) -> Double,
        endOfEpoch: (TrainingState) throws -> Void,
        progress: (TrainingProgress) -> Void
    ) throws {
        while completedEpochs < epochs {
            let epoch = completedEpochs
            var total = 0.0
            for index in 0..<steps {
                let (loss, gradient) = step(epoch, index, network)
                guard loss.isFinite, gradient.parameters.allSatisfy(\.isFinite) else {
                    throw TrainingError("the loss became \(loss) at epoch \(epoch + 1), step \(index + 1); stopping, the last checkpoint keeps epoch \(epoch)")
                }
                optimizer.update(&network, along: gradient)
                total += loss
                progress(TrainingProgress(epoch: epoch, epochs: epochs, step: index + 1, stepsPerEpoch: steps, loss: loss))
            }
            history.append(epoch: epoch + 1, training: total / Double(steps), validation: validation(network))
            completedEpochs += 1
            parameters = network.parameters
            try endOfEpoch(self)
        }
    }
}

/// A training's configuration with its state: everything needed to continue exactly where it
/// stopped, written atomically as JSON.
public struct TrainingCheckpoint<Configuration: Codable & Equatable & Sendable>: Codable, Equatable, Sendable {
    public var configuration: Configuration
    public var state: TrainingState

    public init(configuration: Configuration, state: TrainingState) {
        self.configuration = configuration
        self.state = state
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(encoder.encode(self), to: path)
    }

    public static func load(from path: String) throws -> TrainingCheckpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TrainingError("\(path): no such checkpoint")
        }
        do {
            return try JSONDecoder().decode(TrainingCheckpoint.self, from: data)
        } catch {
            throw TrainingError("\(path): not a checkpoint of this kind of training (\(error))")
        }
    }

    /// The network of a fresh configuration with the checkpoint's parameters.
    func restore(into network: inout MLP) throws {
        guard state.parameters.count == network.parameterCount else {
            throw TrainingError("the checkpoint holds \(state.parameters.count) network parameters, its configuration needs \(network.parameterCount)")
        }
        network.parameters = state.parameters
    }
}
