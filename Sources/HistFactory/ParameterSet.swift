/// A named group of model parameters (one for scalar modifiers, one per bin for shapesys,
/// staterror and shapefactor), with its defaults and its constraint term.
public struct ParameterSet: Equatable, Sendable {
    public enum Constraint: Equatable, Sendable {
        /// No constraint term (normfactor, shapefactor).
        case unconstrained
        /// Π Gauss(auxᵢ | θᵢ, σᵢ): normsys, histosys, lumi, staterror.
        case gaussian(sigmas: [Double])
        /// Π Poisson(auxᵢ | θᵢ fᵢ) with factors fᵢ = τᵢ: shapesys.
        case poisson(factors: [Double])
    }

    public let name: String
    /// Index of the first component in the flat parameter vector.
    public let offset: Int
    public let count: Int
    /// Scalar sets are named `name`; bin-wise sets `name[i]` (pyhf `par_names`).
    public let isScalar: Bool
    public var inits: [Double]
    public var bounds: [Bounds]
    public var fixed: [Bool]
    /// The nominal auxiliary measurements (empty when unconstrained).
    public var auxdata: [Double]
    public var constraint: Constraint

    public var indices: Range<Int> { offset..<(offset + count) }
    public var isConstrained: Bool { constraint != .unconstrained }

    /// The flat parameter names of this set.
    public var componentNames: [String] {
        isScalar ? [name] : (0..<count).map { "\(name)[\($0)]" }
    }

    /// The prior width of each component: σ for Gaussian constraints, 1/√τ for Poisson ones
    /// (pyhf `width()`), nil when unconstrained.
    public var widths: [Double]? {
        switch constraint {
        case .unconstrained: return nil
        case let .gaussian(sigmas): return sigmas
        case let .poisson(factors): return factors.map { 1 / $0.squareRoot() }
        }
    }
}

/// A closed interval [lower, upper] for a parameter.
public struct Bounds: Equatable, Sendable, Codable {
    public var lower: Double
    public var upper: Double

    public init(_ lower: Double, _ upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Strictly inside the bounds (on neither of them).
    func interiorContains(_ x: Double) -> Bool { x > lower && x < upper }

    /// x moved into the bounds.
    func clamp(_ x: Double) -> Double { min(upper, max(lower, x)) }
}
