/// A neos-example training; defaults follow neos's demo (reference notes §2.2–2.3), with a
/// 2 → 100 → 100 → 1 network instead of 1024 × 1024 units.
public struct BlobsTrainingConfiguration: Codable, Equatable, Sendable {
    public enum Objective: String, Codable, CaseIterable, Sendable {
        /// Expected CLs of μ = 1 on background-only Asimov data (neos), trained as log CLs.
        case cls
        /// σ_μ from the Fisher information (INFERNO).
        case fisher
        /// Binary cross-entropy, signal against all three background samples.
        case bce
    }

    public var objective: Objective
    public var seed: UInt = 0
    public var epochs: Int = 10
    /// Events per blob in one mini-batch.
    public var batchSize: Int = 2000
    public var learningRate: Double = 1e-3
    public var bins: Int = 4
    /// The KDE bandwidth in units of the network output (which lies in [0, 1]).
    public var bandwidth: Double = 0.09
    public var hiddenLayers: [Int] = [100, 100]
    /// Points per blob before the 75 / 25 train / test split.
    public var eventsPerBlob: Int = 10_000
    /// Expected yields per batch: neos's scale factors (signal 2, background 10) times its lumi 10.
    public var signalYield: Double = 20
    public var backgroundYield: Double = 100

    public init(objective: Objective) {
        self.objective = objective
    }

    public func validate() throws {
        guard epochs > 0 else { throw TrainingError("epochs must be positive, got \(epochs)") }
        guard bins >= 1 else { throw TrainingError("at least one bin is needed, got \(bins)") }
        guard bandwidth > 0, bandwidth.isFinite else { throw TrainingError("bandwidth must be positive, got \(bandwidth)") }
        guard learningRate > 0, learningRate.isFinite else { throw TrainingError("learning rate must be positive, got \(learningRate)") }
        let training = Int((Double(eventsPerBlob) * 0.75).rounded())
        guard batchSize > 0, batchSize <= training else {
            throw TrainingError("batch size must be between 1 and the \(training) training events per blob, got \(batchSize)")
        }
        guard hiddenLayers.allSatisfy({ $0 > 0 }) else { throw TrainingError("hidden layer sizes must be positive: \(hiddenLayers)") }
    }
}
