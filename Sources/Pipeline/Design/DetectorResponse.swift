import _Differentiation

/// Building blocks of detector models acting on one feature column of row-major events
/// (N × `features`), differentiable with hand-written pullbacks:
///
///     smear:  x′_kc = x_kc + σ ε_k     ∂/∂x = identity,            ∂/∂σ = Σ_k v_kc ε_k
///     scale:  x′_kc = a x_kc           ∂/∂x_kc = a v_kc (else v),  ∂/∂a = Σ_k v_kc x_kc
///     column: y_k = x_kc               ∂/∂x_kc = v_k (else 0)
///     product: y_k = a_k b_k           ∂/∂a_k = v_k b_k,          ∂/∂b_k = v_k a_k
///
/// (v is the cotangent of the output). Thresholds are ``SigmoidCut/weights(values:cut:slope:keep:)``
/// applied to a ``column(_:features:column:)``; an acceptance multiplies event weights by ``product(_:_:)``.
public enum DetectorResponse {
    /// Gaussian smearing by reparameterisation: column `column` moved by σ·ε_k, with ε_k the
    /// event's fixed standard-normal number (one per event).
    @differentiable(reverse, wrt: (events, resolution))
    public static func smear(_ events: [Double], features: Int, column: Int, noise: [Double], resolution: Double) -> [Double] {
        precondition(events.count == noise.count * features && (0..<features).contains(column), "smear: events must be N × features with one noise value per event")
        var smeared = events
        for k in noise.indices { smeared[k * features + column] += resolution * noise[k] }
        return smeared
    }

    @derivative(of: smear, wrt: (events, resolution))
    public static func _vjpSmear(_ events: [Double], features: Int, column: Int, noise: [Double], resolution: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Double)
    ) {
        (smear(events, features: features, column: column, noise: noise, resolution: resolution), { v in
            if v.base.isEmpty { return (.zero, 0) }
            var resolutionGradient = 0.0
            for k in noise.indices { resolutionGradient += v.base[k * features + column] * noise[k] }
            return (v, resolutionGradient)
        })
    }

    /// An energy-scale-like multiplication of column `column` by `factor`.
    @differentiable(reverse, wrt: (events, factor))
    public static func scale(_ events: [Double], features: Int, column: Int, factor: Double) -> [Double] {
        precondition(events.count % features == 0 && (0..<features).contains(column), "scale: events must be N × features")
        var scaled = events
        for k in 0..<(events.count / features) { scaled[k * features + column] *= factor }
        return scaled
    }

    @derivative(of: scale, wrt: (events, factor))
    public static func _vjpScale(_ events: [Double], features: Int, column: Int, factor: Double) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Double)
    ) {
        (scale(events, features: features, column: column, factor: factor), { v in
            if v.base.isEmpty { return (.zero, 0) }
            var eventsGradient = v.base
            var factorGradient = 0.0
            for k in 0..<(events.count / features) {
                let i = k * features + column
                factorGradient += v.base[i] * events[i]
                eventsGradient[i] *= factor
            }
            return (.init(eventsGradient), factorGradient)
        })
    }

    /// Column `column` of the events (N values).
    @differentiable(reverse, wrt: events)
    public static func column(_ events: [Double], features: Int, column: Int) -> [Double] {
        precondition(events.count % features == 0 && (0..<features).contains(column), "column: events must be N × features")
        return stride(from: column, to: events.count, by: features).map { events[$0] }
    }

    @derivative(of: column, wrt: events)
    public static func _vjpColumn(_ events: [Double], features: Int, column: Int) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector
    ) {
        (self.column(events, features: features, column: column), { v in
            if v.base.isEmpty { return .zero }
            var gradient = [Double](repeating: 0, count: events.count)
            for k in v.base.indices { gradient[k * features + column] = v.base[k] }
            return .init(gradient)
        })
    }

    /// The element-wise product of two arrays of equal length (e.g. event weights × acceptance).
    @differentiable(reverse)
    public static func product(_ a: [Double], _ b: [Double]) -> [Double] {
        precondition(a.count == b.count, "product: \(a.count) and \(b.count) elements")
        return zip(a, b).map { $0 * $1 }
    }

    @derivative(of: product)
    public static func _vjpProduct(_ a: [Double], _ b: [Double]) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> (Array<Double>.TangentVector, Array<Double>.TangentVector)
    ) {
        (product(a, b), { v in
            if v.base.isEmpty { return (.zero, .zero) }
            return (.init(zip(v.base, b).map { $0 * $1 }), .init(zip(v.base, a).map { $0 * $1 }))
        })
    }
}
