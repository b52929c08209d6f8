import _Differentiation
import Foundation

/// Differentiable event selection: per-event weights from a sigmoid instead of a hard cut, as
/// `relaxed.cut` (relaxed 0.4.0, `src/relaxed/ops.py`) defines them:
///
///     keep above:  w_k = 1 / (1 + exp(−slope · (x_k − cut)))
///     keep below:  w_k = 1 / (1 + exp(+slope · (x_k − cut)))
///
/// The weights multiply event weights downstream (e.g. a weighted ``KDEHistogram``); as
/// slope → ∞ they become the hard cut. Evaluated stably for any |slope · (x − cut)|:
/// σ(y) = 1/(1 + e^−y) for y ≥ 0 and e^y/(1 + e^y) for y < 0, and the derivative
/// σ′(y) = e^−|y| / (1 + e^−|y|)² never forms 1 − σ (relaxed's gradients overflow to NaN
/// once exp(|y|) overflows; these underflow to 0 smoothly). With y = ±slope · (x − cut) (+ for
/// keep-above):
///
///     ∂w_k/∂x_k = ±slope · σ′(y_k),   ∂w_k/∂cut = ∓slope · σ′(y_k),   ∂w_k/∂slope = ±(x_k − cut) · σ′(y_k)
public enum SigmoidCut {
    /// Which side of the cut survives.
    public enum Keep: String, Sendable, CaseIterable {
        case above
        case below
    }

    /// Checks the input of ``weights(values:cut:slope:keep:)``: at least one event, finite
    /// values, and a finite cut and slope.
    public static func validate(values: [Double], cut: Double, slope: Double) throws {
        try Check.events(values)
        guard cut.isFinite else { throw SoftHistogramError.nonFiniteParameter(name: "cut", value: cut) }
        guard slope.isFinite else { throw SoftHistogramError.nonFiniteParameter(name: "slope", value: slope) }
    }

    /// The per-event sigmoid weights. Stops with the message of
    /// ``validate(values:cut:slope:)`` on bad input.
    @differentiable(reverse, wrt: (values, cut, slope))
    public static func weights(values: [Double], cut: Double, slope: Double = 1, keep: Keep = .above) -> [Double] {
        Check.require("sigmoid cut") { try validate(values: values, cut: cut, slope: slope) }
        let sign = keep == .above ? 1.0 : -1.0
        return values.map { sigmoid(sign * (slope * ($0 - cut))) }
    }

    @derivative(of: weights(values:cut:slope:keep:))
    public static func _vjpWeights(values: [Double], cut: Double, slope: Double, keep: Keep) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Double, Double)
    ) {
        let value = weights(values: values, cut: cut, slope: slope, keep: keep)
        let sign = keep == .above ? 1.0 : -1.0
        return (value, { v in
            if v.base.isEmpty { return (.zero, 0, 0) }
            precondition(v.base.count == values.count,
                         "sigmoid cut pullback: cotangent has \(v.base.count) entries, expected \(values.count)")
            var valueGradient = [Double](repeating: 0, count: values.count)
            var cutGradient = 0.0
            var slopeGradient = 0.0
            for k in values.indices {
                let offset = values[k] - cut
                let g = v.base[k] * sign * derivative(sign * (slope * offset))
                valueGradient[k] = g * slope
                cutGradient -= g * slope
                slopeGradient += g * offset
            }
            return (.init(valueGradient), cutGradient, slopeGradient)
        })
    }

    /// σ(y) without overflow.
    @inline(__always)
    static func sigmoid(_ y: Double) -> Double {
        let e = exp(-Swift.abs(y))
        return y >= 0 ? 1 / (1 + e) : e / (1 + e)
    }

    /// σ′(y) = σ(y) σ(−y) without cancellation or overflow.
    @inline(__always)
    static func derivative(_ y: Double) -> Double {
        let e = exp(-Swift.abs(y))
        let d = 1 + e
        return e / (d * d)
    }
}
