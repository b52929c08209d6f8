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

    /// A Poisson count with the given mean (GSL `gsl_ran_poisson`); 0 for a mean ≤ 0.
    public func poisson(mean: Double) -> Double {
        mean > 0 ? Double(gsl_ran_poisson(rng, mean)) : 0
    }
}

extension RandomStream {
    /// A seed for an independent stream identified by `components` (e.g. a user seed, a point of a
    /// scan and a block of toys): SplitMix64's finaliser folded over them, so that nearby
    /// identities give unrelated streams and the stream does not depend on who runs it.
    public static func derivedSeed(_ components: [UInt64]) -> UInt {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for component in components {
            state = mix(state ^ mix(component &+ 0x9E37_79B9_7F4A_7C15))
        }
        return UInt(state)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
