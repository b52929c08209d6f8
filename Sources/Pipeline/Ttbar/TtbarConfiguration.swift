/// What `neos ttbar` does; the defaults follow Layer et al. (reference notes §3.6): a
/// cross-entropy classifier 8 → 20 → 20 → 1 histogrammed in 20 bins, and INFERNO 8 → 100 → 100
/// → 10 with softmax temperature 0.1, both with Adam at 1e-3.
public struct TtbarConfiguration: Codable, Equatable, Sendable {
    /// How the sample's yields are normalised before anything else.
    public enum Yields: String, Codable, CaseIterable, Sendable {
        /// Every process scaled to Layer et al.'s expected yield (``TtbarProcess/publishedYield``),
        /// so that the uncertainties compare with the paper's.
        case published
        /// The sample's own normalisation (3.9 fb⁻¹ of this simulation).
        case sample
    }

    /// Seeds the split, the network initialisations and the batch orders.
    public var seed: UInt = 11
    public var yields: Yields = .published
    /// Share of every file used for the test templates and the fits (the rest trains).
    public var testFraction = 0.5
    /// Share of the training part set aside to choose the best epoch.
    public var validationFraction = 0.2
    /// A process whose nominal test events amount to fewer effective entries than this carries
    /// its shape systematics as normalisation effects only (see ``TtbarWorkspace``).
    public var minimumEffectiveEntriesForShapes = 100.0
    /// Whether the models carry the templates' statistical uncertainties from the finite
    /// simulated samples (a staterror on every process; INFERNO then trains with them too).
    public var statisticalUncertainties = true
    /// μ values on each profile-likelihood scan drawn in the plots (the interval ends are solved
    /// exactly whatever this is).
    public var scanPoints = 21
    /// Keep only the first rows of every file (quick runs).
    public var rowLimit: Int?

    public var classifierHidden = [20, 20]
    public var classifierEpochs = 30
    public var classifierBatchSize = 256
    public var classifierLearningRate = 1e-3
    /// Uniform bins of the classifier output in [0, 1].
    public var classifierBins = 20

    public var infernoHidden = [100, 100]
    public var infernoEpochs = 100
    /// Mini-batches per epoch: each takes the same slices of every process and variation.
    public var infernoStepsPerEpoch = 8
    public var infernoLearningRate = 1e-3
    /// The network's outputs, one bin each.
    public var infernoBins = 10
    public var temperature = 0.1

    public init() {}

    /// A small, fast version for tests: 300 rows per file, short trainings, small networks, and
    /// shape templates down to 20 effective entries, 5-point scans.
    public static var quick: TtbarConfiguration {
        var configuration = TtbarConfiguration()
        configuration.rowLimit = 300
        configuration.classifierEpochs = 3
        configuration.infernoHidden = [16, 16]
        configuration.infernoEpochs = 3
        configuration.infernoStepsPerEpoch = 2
        configuration.infernoBins = 6
        configuration.classifierBins = 8
        configuration.minimumEffectiveEntriesForShapes = 20
        configuration.scanPoints = 5
        return configuration
    }

    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw TrainingError(message) }
        }
        try require(testFraction > 0 && testFraction < 1, "the test fraction must lie in (0, 1), got \(testFraction)")
        try require(validationFraction > 0 && validationFraction < 1, "the validation fraction must lie in (0, 1), got \(validationFraction)")
        try require(rowLimit.map { $0 > 0 } ?? true, "the row limit must be positive")
        try require(scanPoints >= 2, "a profile scan needs at least 2 points, got \(scanPoints)")
        try require(classifierEpochs > 0 && infernoEpochs > 0, "epochs must be positive")
        try require(classifierBatchSize > 0, "the batch size must be positive")
        try require(infernoStepsPerEpoch > 0, "steps per epoch must be positive")
        try require(classifierLearningRate > 0 && infernoLearningRate > 0, "learning rates must be positive")
        try require(classifierBins >= 2 && infernoBins >= 2, "a summary needs at least 2 bins")
        try require(temperature > 0, "the softmax temperature must be positive, got \(temperature)")
        try require((classifierHidden + infernoHidden).allSatisfy { $0 > 0 }, "hidden layers need at least one unit")
    }
}
