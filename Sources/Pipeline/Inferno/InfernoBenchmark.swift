import _Differentiation
import Foundation
import Objectives

/// The five inference benchmarks of the INFERNO paper (§"Benchmarks", reference notes §1.3):
/// which of θ = (s, r, λ, b) float and which carry Gaussian constraints.
///
/// | benchmark | floating | constraints |
/// |---|---|---|
/// | 0 | s | – |
/// | 1 | s, r | – |
/// | 2 | s, r, λ | – |
/// | 3 | s, r, λ | r ~ N(0, 0.4), λ ~ N(3, 1) |
/// | 4 | s, r, λ, b | r ~ N(0, 0.4), λ ~ N(3, 1), b ~ N(1000, 100) |
public struct InfernoBenchmark: Sendable, Hashable {
    /// Positions of s, r, λ, b in θ.
    public enum Parameter: Int, CaseIterable, Sendable {
        case s, r, lambda, b
    }

    public let index: Int
    public let floating: [Parameter]
    /// Gaussian constraint widths.
    public let constraints: [Parameter: Double]

    public static let all: [InfernoBenchmark] = (0...4).map(InfernoBenchmark.init(index:))

    public init(index: Int) {
        precondition((0...4).contains(index), "INFERNO benchmarks are 0…4")
        self.index = index
        floating = [[.s], [.s, .r], [.s, .r, .lambda], [.s, .r, .lambda], [.s, .r, .lambda, .b]][index]
        constraints = index >= 3 ? (index == 4 ? [.r: 0.4, .lambda: 1.0, .b: 100] : [.r: 0.4, .lambda: 1.0]) : [:]
    }

    /// Var(ŝ) = [I⁻¹]_ss of the Asimov likelihood ν_i = s f_s,i + b f_b,i(r, λ) at the nominal point,
    /// from the bin fractions f_s, f_b and the background derivatives ∂f_b/∂r, ∂f_b/∂λ:
    /// J = (f_s, b ∂f_b/∂r, b ∂f_b/∂λ, f_b), I = Jᵀ diag(1/ν) J + diag(1/σ²) over the floating
    /// parameters (reference notes §1.4). Differentiable in all four inputs.
    @differentiable(reverse)
    public func signalVariance(signal: [Double], background: [Double], backgroundShift: [Double], backgroundRate: [Double]) -> Double {
        let s = withoutDerivative(at: InfernoProblem.signalYield)
        let b = withoutDerivative(at: InfernoProblem.backgroundYield)
        let columns = withoutDerivative(at: floating)
        let f = withoutDerivative(at: columns.count)
        var information = [Double](repeating: 0, count: f * f)
        for i in withoutDerivative(at: signal.indices) {
            let rate = s * signal[i] + b * background[i]
            var row: [Double] = []
            for parameter in columns {
                switch parameter {
                case .s: row.append(signal[i])
                case .r: row.append(b * backgroundShift[i])
                case .lambda: row.append(b * backgroundRate[i])
                case .b: row.append(background[i])
                }
            }
            for a in 0..<f {
                for c in 0..<f { information.accumulate(row[a] * row[c] / rate, at: a * f + c) }
            }
        }
        for (a, parameter) in columns.enumerated() {
            if let sigma = constraints[parameter] { information.accumulate(1 / (sigma * sigma), at: a * f + a) }
        }
        return inverseDiagonalElement(information, dimension: f, index: 0)
    }

    /// The paper's evaluation (code/benchmarking.py): hard templates of the signal, the nominal
    /// background and the background at r = ±0.2 and λ = 3 ± 0.5, each normalised to unit sum,
    /// bins empty in signal or nominal background dropped, derivatives from the symmetric
    /// differences (the slope of the quadratic interpolation at the nominal point); returns σ_s.
    public func expectedUncertainty(templates: HardTemplates) -> Double {
        let normalised = templates.normalised
        let kept = normalised.signal.indices.filter { normalised.signal[$0] > 0 && normalised.background[$0] > 0 }
        let pick = { (values: [Double]) in kept.map { values[$0] } }
        let shift = zip(normalised.shiftUp, normalised.shiftDown).map { ($0 - $1) / (2 * 0.2) }
        let rate = zip(normalised.rateUp, normalised.rateDown).map { ($0 - $1) / (2 * 0.5) }
        return signalVariance(
            signal: pick(normalised.signal), background: pick(normalised.background),
            backgroundShift: pick(shift), backgroundRate: pick(rate)
        ).squareRoot()
    }
}

/// Bin counts of a hard summary on the evaluation samples.
public struct HardTemplates: Sendable {
    public var signal: [Double]
    public var background: [Double]
    /// Background at r = +0.2 and −0.2.
    public var shiftUp: [Double]
    public var shiftDown: [Double]
    /// Background at λ = 3.5 and 2.5.
    public var rateUp: [Double]
    public var rateDown: [Double]

    public init(signal: [Double], background: [Double], shiftUp: [Double], shiftDown: [Double], rateUp: [Double], rateDown: [Double]) {
        self.signal = signal
        self.background = background
        self.shiftUp = shiftUp
        self.shiftDown = shiftDown
        self.rateUp = rateUp
        self.rateDown = rateDown
    }

    var normalised: HardTemplates {
        func unit(_ counts: [Double]) -> [Double] {
            let total = counts.reduce(0, +)
            return counts.map { $0 / total }
        }
        return HardTemplates(signal: unit(signal), background: unit(background), shiftUp: unit(shiftUp),
                             shiftDown: unit(shiftDown), rateUp: unit(rateUp), rateDown: unit(rateDown))
    }

    /// Counts the bins that `summary` assigns to the events of each evaluation sample.
    public init(binCount: Int, samples: InfernoEvaluationSamples, summary: ([Double]) -> [Int]) {
        func histogram(_ events: [Double]) -> [Double] {
            var counts = [Double](repeating: 0, count: binCount)
            for bin in summary(events) { counts[bin] += 1 }
            return counts
        }
        self.init(
            signal: histogram(samples.signal), background: histogram(samples.background),
            shiftUp: histogram(InfernoProblem.transform(background: samples.background, shift: 0.2, rate: 3)),
            shiftDown: histogram(InfernoProblem.transform(background: samples.background, shift: -0.2, rate: 3)),
            rateUp: histogram(InfernoProblem.transform(background: samples.background, shift: 0, rate: 3.5)),
            rateDown: histogram(InfernoProblem.transform(background: samples.background, shift: 0, rate: 2.5))
        )
    }
}

/// The independent samples the trained summaries are evaluated on.
public struct InfernoEvaluationSamples: Sendable {
    public let signal: [Double]
    public let background: [Double]

    public init(signal: [Double], background: [Double]) {
        self.signal = signal
        self.background = background
    }
}
