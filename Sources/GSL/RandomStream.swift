import CGSL

/// A seeded pseudo-random stream (GSL's MT19937). The same seed gives the same sequence on
/// every machine, which makes toy studies and trainings reproducible bit for bit.
public final class RandomStream {
    private let generator: OpaquePointer

    public init(seed: UInt) {
        disableAbortingErrorHandler()
        generator = OpaquePointer(gsl_rng_alloc(neos_gsl_rng_mt19937())!)
        gsl_rng_set(UnsafePointer(generator), seed)
    }

    deinit { gsl_rng_free(UnsafeMutablePointer(generator)) }

    private var rng: UnsafePointer<gsl_rng> { UnsafePointer(generator) }

    /// Uniform on [0, 1).
    public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// N(mean, σ²).
    public func gaussian(mean: Double = 0, sigma: Double = 1) -> Double {
        mean + gsl_ran_gaussian_ziggurat(rng, sigma)
    }
}
