/// A gradient from reverse-mode differentiation compared with central finite differences,
/// (f(x + h e_i) − f(x − h e_i)) / 2h, component by component.
public struct GradientCheck: Sendable, Equatable {
    public var analytic: [Double]
    public var finiteDifference: [Double]

    public init(at x: [Double], step h: Double, value f: ([Double]) -> Double, gradient: ([Double]) -> [Double]) {
        analytic = gradient(x)
        finiteDifference = x.indices.map { i in
            var up = x, down = x
            up[i] += h
            down[i] -= h
            return (f(up) - f(down)) / (2 * h)
        }
    }

    /// |analytic − fd| / max(|analytic|, |fd|) per component (0 when both vanish).
    public var relativeErrors: [Double] {
        zip(analytic, finiteDifference).map { a, d in
            let scale = max(abs(a), abs(d))
            return scale == 0 ? 0 : abs(a - d) / scale
        }
    }

    public var maxRelativeError: Double { relativeErrors.max() ?? 0 }
}
