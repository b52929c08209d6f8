import HistFactory

/// The CMS ttbar → τh + jets benchmark end to end (Layer, Dorigo & Strong, arXiv:2301.10358):
/// split the sample into training, validation and test parts and standardise it, train the
/// cross-entropy classifier and INFERNO, bin each summary hard on the test events, build the
/// HistFactory model of each with every systematic, and measure μ with total and
/// statistics-only intervals.
public struct TtbarBenchmark: Sendable {
    public let configuration: TtbarConfiguration
    public let train: TtbarSample
    /// Chooses the epoch whose network is kept.
    public let validation: TtbarSample
    /// Fills the templates of the final models.
    public let test: TtbarSample
    public let scaling: FeatureScaling
    /// The processes too thin in simulated events for bin-by-bin shape templates.
    public let normalisationOnly: Set<TtbarProcess>

    /// The published numbers of Layer et al.'s repository (reference notes §3.7): the
    /// classifier's fit to data and INFERNO's Asimov fit, MINOS intervals.
    public static let paper: [String: TtbarResultNumbers] = [
        "bce": TtbarResultNumbers(muHat: 0.995, total: (-0.212, 0.263), statisticsOnly: (-0.089, 0.091)),
        "inferno": TtbarResultNumbers(muHat: 1.000, total: (-0.194, 0.242), statisticsOnly: (-0.093, 0.097)),
    ]

    public init(sample: TtbarSample, configuration: TtbarConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        let normalised = configuration.yields == .published ? sample.normalised(to: \.publishedYield) : sample
        let (rest, test) = normalised.split(testFraction: configuration.testFraction, seed: configuration.seed)
        let (train, validation) = rest.split(testFraction: configuration.validationFraction, seed: configuration.seed &+ 1)
        (self.train, self.validation, self.test) = (train, validation, test)
        let pooled = TtbarProcess.allCases.flatMap { train[$0, .nominal].features }
        scaling = FeatureScaling(fitting: pooled, width: TtbarSample.features.count)
        normalisationOnly = Set(TtbarSystematics.simulated.filter {
            test[$0, .nominal].effectiveEntries < configuration.minimumEffectiveEntriesForShapes
        })
    }

    /// The model of a trained summary: hard histograms of the test events, empty bins dropped.
    public func workspace(of summary: TtbarSummary) throws -> Workspace {
        let order = TtbarWorkspace.histograms
        let filled = order.map { summary.histogram(test[$0.process, $0.variation]) }
        let full = { (p: TtbarProcess, v: TtbarVariation) in filled[order.firstIndex { $0 == (p, v) }!] }
        let kept = TtbarWorkspace.occupiedBins { full($0, $1).counts }
        guard kept.count >= 2 else {
            throw TrainingError("the \(summary.kind.rawValue) summary fills only \(kept.count) bin(s); the model needs at least 2")
        }
        let uncertainty = { (p: TtbarProcess) in kept.map { full(p, .nominal).squaredWeights[$0].squareRoot() } }
        return TtbarWorkspace.make(normalisationOnly: normalisationOnly,
                                   statisticalUncertainty: configuration.statisticalUncertainties ? uncertainty : nil) { p, v in
            kept.map { full(p, v).counts[$0] }
        }
    }
}
