import _Differentiation
import Foundation
@testable import SoftHistograms
import XCTest

final class SoftmaxHistogramTests: XCTestCase {
    /// softmax(z/τ) written out, for reference.
    func referenceCounts(_ logits: [Double], weights: [Double]?, bins: Int, temperature: Double) -> [Double] {
        var counts = [Double](repeating: 0, count: bins)
        for k in 0..<(logits.count / bins) {
            let row = logits[(k * bins)..<((k + 1) * bins)].map { $0 / temperature }
            let largest = row.max()!
            let e = row.map { exp($0 - largest) }
            let sum = e.reduce(0, +)
            for j in 0..<bins { counts[j] += (weights?[k] ?? 1) * e[j] / sum }
        }
        return counts
    }

    func testValues() {
        var random = TestRandom(seed: 11)
        let logits = random.normals(60).map { 3 * $0 }
        let weights = random.uniforms(20, 0, 2)
        for t in [0.1, 1, 7] {
            assertClose(SoftmaxHistogram.counts(logits: logits, bins: 3, temperature: t),
                        referenceCounts(logits, weights: nil, bins: 3, temperature: t), relative: 1e-14)
            assertClose(SoftmaxHistogram.counts(logits: logits, weights: weights, bins: 3, temperature: t),
                        referenceCounts(logits, weights: weights, bins: 3, temperature: t), relative: 1e-14)
        }
        XCTAssertEqual(SoftmaxHistogram.counts(logits: logits, bins: 3).reduce(0, +), 20, accuracy: 1e-13)
        // A single bin holds every event.
        XCTAssertEqual(SoftmaxHistogram.counts(logits: [5, -3, 0.5], bins: 1, temperature: 0.3), [3])
    }

    func testStableForHugeLogitsAndColdTemperatures() {
        let logits = [1000.0, -1000, 999, 5e5, 5e5 - 1, -5e5]
        let counts = SoftmaxHistogram.counts(logits: logits, bins: 3, temperature: 1)
        XCTAssertTrue(counts.allSatisfy(\.isFinite))
        // Rows: (1000, −1000, 999) → (1, 0, e⁻¹)/(1 + e⁻¹); (5e5, 5e5 − 1, −5e5) → (1, e⁻¹, 0)/(1 + e⁻¹).
        let p = 1 / (1 + exp(-1.0))
        let q = exp(-1.0) / (1 + exp(-1.0))
        assertClose(counts, [2 * p, q, q], relative: 1e-15)
        // τ → 0: the hard histogram of the arg-max bin (a tie splits the event).
        let cold = SoftmaxHistogram.counts(logits: [0.2, 0.1, 0.0, -1, 3, 2.9, 0.5, 0.5, 0.49], bins: 3, temperature: 1e-4)
        assertClose(cold, [1.5, 1.5, 0], relative: 0, absolute: 1e-40)
        let (_, pullback) = SoftmaxHistogram._vjpCounts(logits: logits, bins: 3, temperature: 1)
        let (g, gt) = pullback(.init([1, -2, 0.5]))
        XCTAssertTrue(g.base.allSatisfy(\.isFinite) && gt.isFinite)
    }

    func testPullbacksAgainstFiniteDifferences() {
        var random = TestRandom(seed: 12)
        let bins = 4
        let logits = random.normals(7 * bins)
        let weights = random.uniforms(7, -1, 2)
        let cotangent = random.normals(bins)
        for t in [0.3, 1.0, 2.5] {
            func loss(_ z: [Double], _ w: [Double], _ t: Double) -> Double {
                dot(cotangent, SoftmaxHistogram.counts(logits: z, weights: w, bins: bins, temperature: t))
            }
            let (value, pullback) = SoftmaxHistogram._vjpWeightedCounts(logits: logits, weights: weights, bins: bins, temperature: t)
            XCTAssertEqual(value, SoftmaxHistogram.counts(logits: logits, weights: weights, bins: bins, temperature: t))
            let (gz, gw, gt) = pullback(.init(cotangent))
            assertClose(gz.base, centralDifferences(at: logits) { loss($0, weights, t) }, relative: 1e-7, absolute: 1e-8 / t, "logits τ \(t)")
            assertClose(gw.base, centralDifferences(at: weights) { loss(logits, $0, t) }, relative: 1e-7, absolute: 1e-9, "weights τ \(t)")
            assertClose(gt, centralDifference(at: t) { loss(logits, weights, $0) }, relative: 1e-7, absolute: 1e-8 / t, "τ \(t)")

            // Unweighted and reduced registrations agree with the weighted one at w = 1.
            let ones = [Double](repeating: 1, count: 7)
            let full = SoftmaxHistogram._vjpWeightedCounts(logits: logits, weights: ones, bins: bins, temperature: t).pullback(.init(cotangent))
            let unweighted = SoftmaxHistogram._vjpCounts(logits: logits, bins: bins, temperature: t).pullback(.init(cotangent))
            XCTAssertEqual(unweighted.0, full.0)
            XCTAssertEqual(unweighted.1, full.2)
            XCTAssertEqual(SoftmaxHistogram._vjpCountsWrtLogits(logits: logits, bins: bins, temperature: t).pullback(.init(cotangent)), full.0)
            let pair = SoftmaxHistogram._vjpWeightedCountsWrtLogitsAndWeights(logits: logits, weights: ones, bins: bins, temperature: t).pullback(.init(cotangent))
            XCTAssertEqual(pair.0, full.0)
            XCTAssertEqual(pair.1, full.1)
            XCTAssertEqual(SoftmaxHistogram._vjpWeightedCountsWrtLogits(logits: logits, weights: ones, bins: bins, temperature: t).pullback(.init(cotangent)), full.0)
        }
    }

    func testLargeBatchIsRepeatableAndMatchesReference() {
        var random = TestRandom(seed: 13)
        let logits = random.normals(3000 * 5)
        let first = SoftmaxHistogram.counts(logits: logits, bins: 5, temperature: 0.7)
        XCTAssertEqual(SoftmaxHistogram.counts(logits: logits, bins: 5, temperature: 0.7), first)
        assertClose(first, referenceCounts(logits, weights: nil, bins: 5, temperature: 0.7), relative: 1e-13)
    }

    func testEmptyCotangentAndGradientAPI() {
        let (_, pullback) = SoftmaxHistogram._vjpWeightedCounts(logits: [1, 2, 3, 4], weights: [1, 2], bins: 2, temperature: 1)
        let (z, w, t) = pullback(.zero)
        XCTAssertTrue(z.base.isEmpty && w.base.isEmpty)
        XCTAssertEqual(t, 0)
        // Through Swift's differentiation: d/dτ of the first bin count.
        let g = gradient(at: 0.5) { t in SoftmaxHistogram.counts(logits: [1, 0, 0.3, 0.2], bins: 2, temperature: t)[0] }
        assertClose(g, centralDifference(at: 0.5) { SoftmaxHistogram.counts(logits: [1, 0, 0.3, 0.2], bins: 2, temperature: $0)[0] }, relative: 1e-7)
    }
}
