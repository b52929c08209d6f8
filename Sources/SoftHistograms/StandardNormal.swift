import Foundation

/// Fast, accurate standard-normal density and tail for the KDE kernel.
///
/// The KDE histogram evaluates Φ at every (event, edge) pair, so this is its hot path. glibc's
/// `erfc` plus `exp` cost about 27 ns per pair on the project's machine; this kernel gets both
/// φ(a) and the tail Φ(−a) from ONE exponential and one polynomial, in SIMD lanes, at a third
/// of that:
///
///     φ(a)   = exp(−a²/2) / √(2π)
///     Φ(−a)  = φ(a) · R(a),   R(a) = Mills ratio (1 − Φ(a)) / φ(a)   for 0 ≤ a ≤ 10
///
/// `R(a) = √(π/2) · erfcx(a/√2)` is an entire function, approximated by a degree-18
/// polynomial in `s = (2.2 a − 6)/(a + 6)` (the Chebyshev interpolant in `u = (a − 6)/(a + 6)`
/// on [−1, 1/4], rewritten in monomials). `exp(x)` for x ≤ 0 uses the Cody–Waite reduction
/// x = k ln2 + r, |r| ≤ ln2/2, and a degree-11 polynomial. All coefficients were computed with
/// mpmath at 50 digits by `fixtures/relaxed/normal_tail_coefficients.py`, which also prints
/// the accuracy in double (evaluated by Horner's rule): R to 3 ulp, exp to 1 ulp. Here both
/// polynomials are evaluated in Estrin's scheme (pairs c_i + c_{i+1}·s combined with s², s⁴, …),
/// whose dependency chain is a third as long; `testStandardNormalKernel` holds it to the same
/// bounds against glibc's `erfc` and `exp`. The only larger error is the intrinsic
/// one of the argument: a rounded `a` (or a²) moves Φ(−a) by about a²·2⁻⁵³ relative, the
/// same for every implementation, including `erfc(a/√2)`.
///
/// The eight-event kernel in C (`Sources/CKDEKernel/CKDEKernel.c`) evaluates the same polynomials with
/// the same coefficients for eight events at a time; `EventLanesTests` holds the two kernels'
/// histograms and gradients together to 1e−13.
///
/// Beyond |z| = ``cutoff`` = 9 the KDE drops the pair: Φ(−9) = 1.1e−19 and φ(9) = 1.0e−18,
/// i.e. 2.6e−18 of the kernel's peak, below a double's resolution of the event's own terms.
enum StandardNormal {
    /// 1/√(2π).
    static let inverseSqrt2Pi = 0.398_942_280_401_432_7
    /// |z| above which a kernel's tail is dropped (Φ(−9) ≈ 1.1e−19, φ(9)/φ(0) ≈ 2.6e−18).
    static let cutoff = 9.0

    // MARK: scalar

    /// exp(x) for −708 ≤ x ≤ 0 (no range checks).
    @inline(__always)
    static func expNonPositive(_ x: Double) -> Double {
        let magic = 6_755_399_441_055_744.0  // 1.5 · 2⁵², rounds to the nearest integer
        let shifted = x * 1.442_695_040_888_963_4 + magic
        let k = shifted - magic
        let r = (x - k * 0.693_146_705_627_441_4) - k * 4.749_325_039_031_672_6e-07
        return expReduced(r) * Double(bitPattern: (shifted.bitPattern &+ 1023) &<< 52)
    }

    /// φ(z) for |z| ≤ ``cutoff``.
    @inline(__always)
    static func density(_ z: Double) -> Double {
        expNonPositive(-0.5 * z * z) * inverseSqrt2Pi
    }

    /// Φ(−|z|), the smaller tail, for |z| ≤ ``cutoff``.
    @inline(__always)
    static func smallerTail(_ z: Double) -> Double {
        let a = Swift.abs(z)
        return density(a) * millsRatio(a)
    }

    /// Φ(z) for any z: the kernel inside ±``cutoff``, Foundation's `erfc` outside (rare).
    static func cdf(_ z: Double) -> Double {
        if Swift.abs(z) <= cutoff {
            let tail = smallerTail(z)
            return z <= 0 ? tail : 1 - tail
        }
        return 0.5 * erfc(-z * 0.707_106_781_186_547_6)
    }

    // MARK: SIMD (the same operations lane by lane: within the scalar domains the results equal the scalar ones bit for bit)

    @inline(__always)
    static func abs<V: DoubleLanes>(_ z: V) -> V {
        unsafeBitCast(unsafeBitCast(z, to: V.Bits.self) & V.Bits(repeating: 0x7FFF_FFFF_FFFF_FFFF), to: V.self)
    }

    /// exp(x) lane by lane for −708 ≤ x ≤ 709, with x clamped to that range first (so that
    /// lanes the caller discards stay finite). The reduction is symmetric, |r| ≤ ln2/2, so
    /// positive x are as accurate as negative ones.
    @inline(__always)
    static func exp<V: DoubleLanes>(_ x: V) -> V {
        var x = x
        x.replace(with: -708, where: x .< -708)
        x.replace(with: 709, where: x .> 709)
        let magic = V(repeating: 6_755_399_441_055_744.0)
        let shifted = x * 1.442_695_040_888_963_4 + magic
        let k = shifted - magic
        let r = (x - k * 0.693_146_705_627_441_4) - k * 4.749_325_039_031_672_6e-07
        let y = expReduced(r)
        let scale = (unsafeBitCast(shifted, to: V.Bits.self) &+ 1023) &<< 52
        return y * unsafeBitCast(scale, to: V.self)
    }

    /// The Mills ratio (1 − Φ(a))/φ(a) for 0 ≤ a ≤ 10, in one double or lane by lane.
    @inline(__always)
    static func millsRatio<V: LaneArithmetic>(_ a: V) -> V {
        let s = (2.2 * a - 6.0) / (a + 6.0)
        // Estrin's scheme: pairs c_i + c_{i+1}·s, combined with s², s⁴, s⁸, s¹⁶ (dependency depth 6
        // instead of Horner's 18).
        let s2 = s * s
        let s4 = s2 * s2
        let s8 = s4 * s4
        let p0 = 0.329_940_177_357_342_4 - 0.397_341_432_046_783_96 * s
        let p1 = 0.266_058_314_540_619_46 - 0.149_481_224_359_557_77 * s
        let p2 = 0.070_646_306_155_448 - 0.027_926_375_736_422_322 * s
        let p3 = 0.009_084_256_045_384_728 - 0.002_348_344_125_992_460_4 * s
        let p4 = 0.000_445_188_510_192_478 - 4.728_477_901_361_916e-05 * s
        let p5 = -2.676_814_957_195_914_8e-06 + 1.929_305_875_130_387_3e-06 * s
        let p6 = -2.101_929_958_713_803e-07 - 3.915_669_448_689_407e-08 * s
        let p7 = 1.176_206_607_276_689_4e-08 + 4.744_107_182_145_067e-10 * s
        let p8 = -4.862_794_836_589_185e-10 + 2.294_618_906_763_577_5e-12 * s
        let q4 = p8 + 1.679_550_698_781_931_7e-11 * s2
        let r0 = (p0 + p1 * s2) + (p2 + p3 * s2) * s4
        let r1 = (p4 + p5 * s2) + (p6 + p7 * s2) * s4
        let m = (r0 + r1 * s8) + q4 * (s8 * s8)
        return m
    }

    /// e^r for |r| ≤ ln2/2 (after the Cody–Waite reduction), in one double or lane by lane:
    /// the degree-11 polynomial in Estrin's scheme (the pairs and powers are independent, so the
    /// dependency chain is short).
    @inline(__always)
    static func expReduced<V: LaneArithmetic>(_ r: V) -> V {
        let r2 = r * r
        let r4 = r2 * r2
        let q0 = (r + 1.0) + (0.500_000_000_000_001_9 + 0.166_666_666_666_666_8 * r) * r2
        let q1 = (0.041_666_666_666_488_1 + 0.008_333_333_333_319_601 * r)
            + (0.001_388_888_895_231_477_5 + 0.000_198_412_698_900_471_13 * r) * r2
        let q2 = (2.480_148_548_232_849_4e-05 + 2.755_724_091_857_897e-06 * r)
            + (2.763_263_963_904_103e-07 + 2.511_003_760_596_377_7e-08 * r) * r2
        return (q0 + q1 * r4) + q2 * (r4 * r4)
    }

    @inline(__always)
    static func density<V: DoubleLanes>(_ z: V) -> V {
        exp(-0.5 * z * z) * inverseSqrt2Pi
    }
}

/// The arithmetic the kernel's polynomials need, so that one definition serves a single double
/// and SIMD lanes of doubles (where a `Double` operand applies to every lane).
protocol LaneArithmetic {
    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    static func + (lhs: Self, rhs: Double) -> Self
    static func - (lhs: Self, rhs: Double) -> Self
    static func + (lhs: Double, rhs: Self) -> Self
    static func - (lhs: Double, rhs: Self) -> Self
    static func * (lhs: Double, rhs: Self) -> Self
}

extension Double: LaneArithmetic {}

/// SIMD vectors of doubles the kernel runs on, with their same-width integer vectors.
protocol DoubleLanes: SIMD, LaneArithmetic where Scalar == Double {
    associatedtype Bits: SIMD where Bits.Scalar == UInt64
}

extension SIMD2: LaneArithmetic where Scalar == Double {}

extension SIMD2: DoubleLanes where Scalar == Double {
    typealias Bits = SIMD2<UInt64>
}

extension SIMD4: LaneArithmetic where Scalar == Double {}

extension SIMD4: DoubleLanes where Scalar == Double {
    typealias Bits = SIMD4<UInt64>
}
