/// The network parameters of the epoch with the lowest validation loss so far ("SaveBest", as
/// Layer et al. train their ttbar networks): a training that overfits late keeps its best state.
public struct BestValidation: Sendable {
    public private(set) var loss = Double.infinity
    public private(set) var epoch = 0
    public private(set) var parameters: [Double]?

    public init() {}

    /// Takes the state just after an epoch if its validation loss is the lowest yet.
    public mutating func consider(_ state: TrainingState) {
        guard let latest = state.history.validationLoss.last, latest < loss else { return }
        (loss, epoch, parameters) = (latest, state.completedEpochs, state.parameters)
    }
}
