import HistFactory

/// The cross-section measurement on one summary: μ̂ with its 68% profile-likelihood interval, with
/// all nuisance parameters profiled (total) and with all of them fixed at their best-fit values
/// (statistics only, as Layer et al. quote it), from a fit of the workspace's observations.
public struct TtbarMeasurement: Sendable {
    public var workspace: Workspace
    public var muHat: Double
    /// The interval ends relative to μ̂: (down ≤ 0, up ≥ 0).
    public var total: (down: Double, up: Double)
    public var statisticsOnly: (down: Double, up: Double)
    public var totalScan: ProfileLikelihoodScan
    public var statisticsOnlyScan: ProfileLikelihoodScan
    /// The best fit of every parameter, by name.
    public var bestFit: [(name: String, value: Double, uncertainty: Double)]

    /// Fits `workspace` to its observations (Asimov data for the benchmark) and scans μ on
    /// `points` values across the interval (the ends are solved exactly, independently of them).
    public init(workspace: Workspace, points: Int = 21) throws {
        self.workspace = workspace
        let model = try Model(workspace: workspace)
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let best = model.fit(data: data)
        guard best.converged else {
            throw TrainingError("the fit of the \(model.mainBinCount)-bin ttbar model did not converge")
        }
        totalScan = try model.profileLikelihoodScan(data: data, points: points)
        var statisticsOnlySettings = FitSettings(model: model)
        statisticsOnlySettings.initialValues = best.parameters
        statisticsOnlySettings.fixed = model.parameterNames.indices.map { $0 != model.poiIndex }
        statisticsOnlyScan = try model.profileLikelihoodScan(data: data, settings: statisticsOnlySettings, points: points)
        muHat = best.parameters[model.poiIndex]
        total = (totalScan.interval.lower - muHat, totalScan.interval.upper - muHat)
        statisticsOnly = (statisticsOnlyScan.interval.lower - muHat, statisticsOnlyScan.interval.upper - muHat)
        bestFit = model.parameterNames.indices.map { (model.parameterNames[$0], best.parameters[$0], best.uncertainties[$0]) }
    }
}
