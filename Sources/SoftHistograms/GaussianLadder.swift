import Foundation

/// φ at evenly spaced kernel edges with two exponentials per event instead of one per edge.
///
/// On edges t_j = t_0 + jΔ, an event x has z_j = (t_j − x)/h = z_c + (j − c)·d with d = Δ/h.
/// Anchored at the edge c nearest x (where φ is largest), expanding the square gives
///
///     φ(z_{c+m}) = φ(z_c) · exp(−m·z_c·d) · G_m,     G_m = exp(−m²d²/2)
///
/// G_m depends on the grid only and is tabulated once. The first two factors, for the four
/// lanes of an event's first block, are one SIMD exponential; each later block of four edges
/// multiplies them by the stride exp(−4·z_c·d), a second (scalar-sized) exponential. Each
/// factor is an exponential of its own rounded argument, so the error is that of the
/// arguments, (z_c² + |m·z_c·d| + m²d²)/2 ulps (a direct evaluation has z²/2, the same order),
/// plus one ulp per block walked; it is smallest at the anchor, where φ is largest. The walk
/// never overflows inside the kernel window: there |m·d| ≤ 18 and |z_c| ≤ 9, so every
/// exponent stays below 162 in magnitude.
///
/// Used only when every edge lies within 2 ulps (of the largest |t|) of t_0 + jΔ: that moves
/// z by at most 4 ulps/h, a few times the rounding of t − x in a direct evaluation.
final class GaussianLadder: @unchecked Sendable {
    /// t_0, 1/Δ and d = Δ/h.
    let origin: Double
    let inverseSpacing: Double
    let step: Double
    /// K, the number of edges.
    let edgeCount: Int
    /// G_m for m = −K … K + 4 (every lane offset a block can reach), G_0 at `center`.
    private let squares: UnsafeMutablePointer<Double>
    private let center: UnsafeMutablePointer<Double>

    /// A ladder for the edges if they are evenly spaced (K ≥ 2), else nil.
    init?(edges: UnsafePointer<Double>, count: Int, bandwidth: Double) {
        guard count >= 2 else { return nil }
        let first = edges[0]
        let last = edges[count - 1]
        let spacing = (last - first) / Double(count - 1)
        let tolerance = 2 * Swift.max(Swift.abs(first), Swift.abs(last)).ulp
        for j in 0..<count where Swift.abs(edges[j] - (first + Double(j) * spacing)) > tolerance {
            return nil
        }
        // Two exponentials per event only pay off over a window of three blocks or more.
        guard 2 * StandardNormal.cutoff * bandwidth >= 12 * spacing else { return nil }
        origin = first
        inverseSpacing = 1 / spacing
        step = spacing / bandwidth
        edgeCount = count
        let size = 2 * count + 5
        squares = .allocate(capacity: size)
        center = squares + count
        for m in -count...(count + 4) {
            let md = Double(m) * step
            center[m] = Foundation.exp(-0.5 * md * md)
        }
    }

    deinit {
        squares.deallocate()
    }

    /// The walk of one event over the blocks j, j + 4, … starting at `firstBlock`.
    @inline(__always)
    func walk(_ x: Double, from firstBlock: Int, edges: UnsafePointer<Double>, inverseBandwidth: Double) -> Walk {
        // The edge nearest x, clamped to the grid (truncation of a non-negative number rounds it).
        let position = Swift.min(Swift.max((x - origin) * inverseSpacing, 0), Double(edgeCount - 1))
        let c = Int(position + 0.5)
        let zc = (edges[c] - x) * inverseBandwidth
        let zd = zc * step
        let m = Walk.Lanes(0, 1, 2, 3) + Walk.Lanes(repeating: Double(firstBlock - c))
        let exponents = Walk.Lanes(repeating: -0.5 * zc * zc) - m * zd
        let strideExponent = SIMD2<Double>(repeating: -4 * zd)
        return Walk(
            anchor: StandardNormal.exp(exponents) * StandardNormal.inverseSqrt2Pi,
            stride: Walk.Lanes(repeating: StandardNormal.exp(strideExponent)[0]),
            squares: UnsafePointer(center + (firstBlock - c))
        )
    }

    /// φ(z_j) for the lanes of consecutive blocks of four edges.
    struct Walk {
        typealias Lanes = SIMD4<Double>
        /// φ(z_c)·exp(−m·z_c·d) for the lanes of the current block.
        var anchor: Lanes
        /// exp(−4·z_c·d).
        let stride: Lanes
        /// G_m of the current block's first lane.
        var squares: UnsafePointer<Double>

        /// φ of the current block's lanes; moves on to the next block.
        @inline(__always)
        mutating func next() -> Lanes {
            let phi = anchor * UnsafeRawPointer(squares).loadUnaligned(as: Lanes.self)
            anchor *= stride
            squares += 4
            return phi
        }
    }
}
