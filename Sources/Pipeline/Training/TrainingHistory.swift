/// The loss curve of a training: the mean training loss and the validation loss after each epoch.
public struct TrainingHistory: Codable, Equatable, Sendable {
    public var epochs: [Int] = []
    public var trainingLoss: [Double] = []
    public var validationLoss: [Double] = []

    public init() {}

    public mutating func append(epoch: Int, training: Double, validation: Double) {
        epochs.append(epoch)
        trainingLoss.append(training)
        validationLoss.append(validation)
    }
}

/// What a running training reports after each step, for progress bars.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var epochs: Int
    public var step: Int
    public var stepsPerEpoch: Int
    /// The loss of the last step.
    public var loss: Double

    /// Fraction of the whole training done, 0…1.
    public var fraction: Double {
        (Double(epoch) + Double(step) / Double(stepsPerEpoch)) / Double(epochs)
    }
}

/// Why a training stopped early.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
