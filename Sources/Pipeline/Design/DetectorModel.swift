import _Differentiation

/// A differentiable detector written in plain Swift: it maps true event features and fixed random
/// numbers to measured features and acceptance weights, as a function of the detector
/// parameters ψ, and says what a detector with those parameters costs.
///
/// The randomness is reparameterised (as TomOpt does, reference notes §4.2): each event carries
/// its own `noisePerEvent` standard-normal numbers ε, drawn once from a seeded stream and kept
/// for the whole optimisation, so a measurement x′ = g(x, ε; ψ) is a deterministic, smooth
/// function of ψ and ∂x′/∂ψ exists event by event (e.g. x′ = x + σ(ψ)·ε). Thresholds are sigmoid
/// acceptances (``SigmoidCut``), scales are multiplications; ``DetectorResponse`` has the
/// building blocks with hand-written pullbacks.
public protocol DetectorModel: Sendable {
    /// What each component of ψ is, in order.
    var parameters: [DetectorParameter] { get }
    /// Standard-normal random numbers each event needs (its row of the noise array).
    var noisePerEvent: Int { get }

    /// The measured events for true events (N × F, row-major) and their noise (N × `noisePerEvent`).
    @differentiable(reverse, wrt: psi)
    func measure(_ events: [Double], noise: [Double], parameters psi: [Double]) -> MeasuredEvents

    /// c(ψ), what building and running the detector costs, in the units the objective's λ multiplies.
    @differentiable(reverse, wrt: psi)
    func cost(_ psi: [Double]) -> Double
}

/// One detector parameter: its name, unit, meaning and the range it may take.
public struct DetectorParameter: Sendable, Equatable {
    public var name: String
    public var unit: String
    public var meaning: String
    public var bounds: ClosedRange<Double>

    public init(name: String, unit: String, meaning: String, bounds: ClosedRange<Double>) {
        self.name = name
        self.unit = unit
        self.meaning = meaning
        self.bounds = bounds
    }
}

extension Array where Element == DetectorParameter {
    /// Throws unless `values` holds one value per parameter, each inside its bounds.
    func validate(initialValues values: [Double]) throws {
        guard values.count == count else {
            throw TrainingError("the detector has \(count) parameters, \(values.count) initial values given")
        }
        for (value, parameter) in zip(values, self) where !parameter.bounds.contains(value) {
            throw TrainingError("initial \(parameter.name) = \(value) is outside its bounds \(parameter.bounds.lowerBound)…\(parameter.bounds.upperBound)")
        }
    }
}
