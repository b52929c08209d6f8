import _Differentiation
import Foundation
@testable import SoftHistograms
import XCTest

final class KDEHistogramTests: XCTestCase {
    let notesData = [0.1, 0.35, 0.4, 0.8]
    let notesEdges = [0.0, 0.25, 0.5, 0.75, 1.0]

    // MARK: closed forms (reference notes §1.2, computed with scipy)

    func testClosedFormCounts() {
        let counts = KDEHistogram.counts(values: notesData, edges: notesEdges, bandwidth: 0.1)
        assertClose(counts, [0.9997357187, 1.6172004987, 0.5324174668, 0.6689766287], relative: 0, absolute: 5e-11)
        assertClose(counts.reduce(0, +), 3.8183303128, relative: 0, absolute: 5e-11)
    }

    func testClosedFormFolded() {
        let counts = KDEHistogram.counts(values: notesData, edges: notesEdges, bandwidth: 0.1, foldOverflow: true)
        assertClose(counts, [1.1586552729, 1.6172004987, 0.5324174668, 0.6917267616], relative: 0, absolute: 5e-11)
        XCTAssertEqual(counts.reduce(0, +), 4, accuracy: 1e-15, "folding keeps every event's unit mass")
    }

    func testTinyBandwidthIsTheHardHistogram() {
        XCTAssertEqual(KDEHistogram.counts(values: notesData, edges: notesEdges, bandwidth: 1e-6), [1, 2, 0, 1])
        XCTAssertEqual(KDEHistogram.counts(values: notesData, edges: notesEdges, bandwidth: 1e-6, foldOverflow: true), [1, 2, 0, 1])
        XCTAssertEqual(KDEHistogram.counts(values: notesData, edges: notesEdges, bandwidth: 1e-6, density: true),
                       [1, 2, 0, 1].map { $0 / 0.25 / 4 })
    }

    func testDensityIntegratesToOne() {
        var random = TestRandom(seed: 1)
        let values = random.normals(50).map { 0.5 + 0.3 * $0 }
        let edges = [0.0, 0.1, 0.3, 0.35, 0.7, 1.0]
        for fold in [false, true] {
            let density = KDEHistogram.counts(values: values, edges: edges, bandwidth: 0.08, density: true, foldOverflow: fold)
            let area = density.indices.reduce(0.0) { $0 + density[$1] * (edges[$1 + 1] - edges[$1]) }
            XCTAssertEqual(area, 1, accuracy: 1e-14)
            let counts = KDEHistogram.counts(values: values, edges: edges, bandwidth: 0.08, foldOverflow: fold)
            let total = counts.reduce(0, +)
            assertClose(density, counts.indices.map { counts[$0] / (edges[$0 + 1] - edges[$0]) / total }, relative: 1e-15)
        }
    }

    // MARK: against the direct formula (Foundation's erfc)

    func testMatchesDirectFormula() {
        var random = TestRandom(seed: 2)
        let values = random.uniforms(300, -0.3, 1.3)
        let weights = random.uniforms(300, -0.5, 2)
        let edges = [0.0, 0.05, 0.2, 0.21, 0.5, 0.9, 1.0]
        for h in [0.003, 0.05, 0.4] {
            for density in [false, true] {
                for fold in [false, true] {
                    let ours = KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: h, density: density, foldOverflow: fold)
                    let reference = referenceKDE(values: values, weights: weights, edges: edges, bandwidth: h, density: density, fold: fold)
                    assertClose(ours, reference, relative: 1e-12, "h \(h) density \(density) fold \(fold)")
                    let unweighted = KDEHistogram.counts(values: values, edges: edges, bandwidth: h, density: density, foldOverflow: fold)
                    assertClose(unweighted, referenceKDE(values: values, edges: edges, bandwidth: h, density: density, fold: fold),
                                relative: 1e-12, "unweighted h \(h) density \(density) fold \(fold)")
                }
            }
        }
    }

    func testFarTailsKeepRelativeAccuracy() {
        // Bins 5–8 bandwidths away from the only event: masses ~1e-7 … 1e-15 that a difference of
        // two CDF values near 1 would lose entirely.
        let edges = [0.5, 0.6, 0.7, 0.8]
        let counts = KDEHistogram.counts(values: [0.0], edges: edges, bandwidth: 0.1)
        func upperTail(_ edge: Double) -> Double { 0.5 * erfc(edge / 0.1 / 2.0.squareRoot()) }
        let exact = (0..<3).map { i in upperTail(edges[i]) - upperTail(edges[i + 1]) }
        assertClose(counts, exact, relative: 1e-13)
        XCTAssertGreaterThan(counts[2], 0)
    }

    func testStandardNormalKernel() {
        var worst = 0.0
        for i in 0...20000 {
            let a = Double(i) / 2000
            let reference = 0.5 * erfc(a / 2.0.squareRoot())
            let error = abs(StandardNormal.smallerTail(a) - reference) / reference
            // Both sides are limited by the rounding of the argument: about a² · 2⁻⁵³.
            XCTAssertLessThan(error, 2.3e-16 * (8 + a * a), "a = \(a)")
            worst = max(worst, error / (8 + a * a))
            let density = exp(-0.5 * a * a) / (2 * Double.pi).squareRoot()
            XCTAssertLessThan(abs(StandardNormal.density(a) - density) / density, 2.3e-16 * (4 + a * a), "a = \(a)")
        }
        XCTAssertEqual(StandardNormal.cdf(0), 0.5, accuracy: 1.2e-16)
        assertClose(StandardNormal.cdf(-12), 0.5 * erfc(12 / 2.0.squareRoot()), relative: 1e-13)
        assertClose(StandardNormal.cdf(-3), 0.5 * erfc(3 / 2.0.squareRoot()), relative: 4e-15)
        assertClose(StandardNormal.cdf(3), 1 - 0.5 * erfc(3 / 2.0.squareRoot()), relative: 1e-16)
        XCTAssertEqual(StandardNormal.cdf(12), 1)
    }

    func testRepeatable() {
        // Three chunks of events, run concurrently: the same bits every time, whatever the scheduling.
        var random = TestRandom(seed: 3)
        let values = random.uniforms(2 * EventChunks.size + 100)
        let edges = (0...10).map { Double($0) / 10 }
        let first = KDEHistogram.counts(values: values, edges: edges, bandwidth: 0.05)
        XCTAssertEqual(KDEHistogram.counts(values: values, edges: edges, bandwidth: 0.05), first)
        assertClose(first, referenceKDE(values: values, edges: edges, bandwidth: 0.05), relative: 1e-12)
        // Same numbers through the pullback path, and repeatable gradients.
        let cotangent = random.normals(10)
        let (value, pullback) = KDEHistogram._vjpCounts(values: values, edges: edges, bandwidth: 0.05, density: false, foldOverflow: false)
        XCTAssertEqual(value, first)
        let a = pullback(.init(cotangent))
        let b = pullback(.init(cotangent))
        XCTAssertEqual(a.0, b.0)
        XCTAssertEqual(a.1, b.1)
        XCTAssertEqual(a.2, b.2)
    }

    func testChunkSumsInFixedOrder() {
        // The concurrent result equals, bit for bit, the chunk-by-chunk sums added in order.
        var random = TestRandom(seed: 6)
        let values = random.uniforms(3 * EventChunks.size - 7, -0.1, 1.1)
        let weights = random.uniforms(values.count, 0, 3)
        let edges = [0.0, 0.2, 0.45, 0.5, 0.8, 1.0]
        var expected = [Double](repeating: 0, count: edges.count - 1)
        for start in stride(from: 0, to: values.count, by: EventChunks.size) {
            let end = min(values.count, start + EventChunks.size)
            let part = KDEHistogram.counts(values: Array(values[start..<end]), weights: Array(weights[start..<end]), edges: edges, bandwidth: 0.07)
            for i in expected.indices { expected[i] += part[i] }
        }
        XCTAssertEqual(KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: 0.07), expected)
    }

    func testManyBinsNarrowKernel() {
        var random = TestRandom(seed: 7)
        let values = random.uniforms(150, -0.05, 1.05)
        let edges = (0...400).map { Double($0) / 400 }
        for fold in [false, true] {
            assertClose(KDEHistogram.counts(values: values, edges: edges, bandwidth: 0.004, foldOverflow: fold),
                        referenceKDE(values: values, edges: edges, bandwidth: 0.004, fold: fold), relative: 1e-12, absolute: 1e-300)
        }
    }

    func testEventsFarOutside() {
        let edges = [0.0, 0.5, 1.0, 1.5]
        XCTAssertEqual(KDEHistogram.counts(values: [-100, 100], edges: edges, bandwidth: 0.1), [0, 0, 0])
        XCTAssertEqual(KDEHistogram.counts(values: [-100, 100, 101], edges: edges, bandwidth: 0.1, foldOverflow: true), [1, 0, 2])
        XCTAssertEqual(KDEHistogram.counts(values: [-1e300, 1e300, 0.75], edges: edges, bandwidth: 1e-3, foldOverflow: true), [1, 1, 1])
        XCTAssertEqual(KDEHistogram.counts(values: [-1e300, 1e300, 0.75], edges: [0, 0.4, 1, 1.5], bandwidth: 1e-3, foldOverflow: true), [1, 1, 1])
        let (_, pullback) = KDEHistogram._vjpCounts(values: [-100, 100], edges: edges, bandwidth: 0.1, density: false, foldOverflow: true)
        let (g, ge, gh) = pullback(.init([1, 2, 3]))
        XCTAssertEqual(g.base, [0, 0])
        XCTAssertEqual(ge.base, [0, 0, 0, 0])
        XCTAssertEqual(gh, 0)
        // Two edges with folding: one bin that holds everything.
        XCTAssertEqual(KDEHistogram.counts(values: [-3, 0.2, 9], weights: [1, 2, 0.5], edges: [0, 1], bandwidth: 0.3, foldOverflow: true), [3.5])
    }

    // MARK: pullbacks against central finite differences

    func testPullbacksAgainstFiniteDifferences() {
        var random = TestRandom(seed: 4)
        let values = random.uniforms(12, -0.2, 1.2) + [0.25, 0.5]  // two events exactly on edges
        let weights = random.uniforms(14, 0.2, 2)
        checkPullbacksAgainstFiniteDifferences(values, weights, edges: [0.0, 0.25, 0.5, 0.6, 1.0], bandwidths: [0.02, 0.15], &random)
    }

    /// 41 uneven edges: narrow windows (events sorted by interval, or each event's window walked
    /// on processors without AVX2) and windows over nearly all edges (every edge at once).
    func testManyEdgePullbacksAgainstFiniteDifferences() {
        var random = TestRandom(seed: 14)
        let values = random.uniforms(30, -0.2, 1.2)
        let weights = random.uniforms(30, 0.2, 2)
        let edges = (0...40).map { (j: Int) -> Double in Double(j) / 40 + Double(j % 3 - 1) * 0.004 }
        checkPullbacksAgainstFiniteDifferences(values, weights, edges: edges, bandwidths: [0.004, 0.06], &random)
    }

    private func checkPullbacksAgainstFiniteDifferences(
        _ values: [Double], _ weights: [Double], edges: [Double], bandwidths: [Double], _ random: inout TestRandom
    ) {
        let cotangent = random.normals(edges.count - 1)
        for h in bandwidths {
            for density in [false, true] {
                for fold in [false, true] {
                    let context = "\(edges.count) edges, h \(h) density \(density) fold \(fold)"
                    let (value, pullback) = KDEHistogram._vjpWeightedCounts(
                        values: values, weights: weights, edges: edges, bandwidth: h, density: density, foldOverflow: fold)
                    XCTAssertEqual(value, KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: h, density: density, foldOverflow: fold))
                    let (gValues, gWeights, gEdges, gBandwidth) = pullback(.init(cotangent))
                    func loss(_ x: [Double], _ w: [Double], _ e: [Double], _ bw: Double) -> Double {
                        dot(cotangent, KDEHistogram.counts(values: x, weights: w, edges: e, bandwidth: bw, density: density, foldOverflow: fold))
                    }
                    let scale = density ? 10.0 : 1.0
                    assertClose(gValues.base, centralDifferences(at: values) { loss($0, weights, edges, h) }, relative: 1e-6, absolute: 1e-7 * scale / h, "values \(context)")
                    assertClose(gWeights.base, centralDifferences(at: weights) { loss(values, $0, edges, h) }, relative: 1e-6, absolute: 1e-8 * scale, "weights \(context)")
                    assertClose(gEdges.base, centralDifferences(at: edges, step: 1e-7) { loss(values, weights, $0, h) }, relative: 1e-6, absolute: 1e-7 * scale / h, "edges \(context)")
                    assertClose(gBandwidth, centralDifference(at: h, step: 1e-7) { loss(values, weights, edges, $0) }, relative: 1e-6, absolute: 1e-7 * scale / h, "bandwidth \(context)")
                    XCTAssertTrue(gBandwidth.isFinite && gEdges.base.allSatisfy(\.isFinite), context)
                    if fold && !density {
                        XCTAssertEqual(gEdges.base.first, 0, "with folding the outer edges do not matter")
                        XCTAssertEqual(gEdges.base.last, 0)
                    }
                }
            }
        }
    }

    func testUnweightedPullbacksMatchWeightedOnes() {
        var random = TestRandom(seed: 5)
        let values = random.uniforms(30)
        let edges = [0.0, 0.3, 0.6, 1.0]
        let cotangent = random.normals(3)
        let ones = [Double](repeating: 1, count: values.count)
        for (density, fold) in [(false, false), (true, false), (false, true), (true, true)] {
            let (_, unweighted) = KDEHistogram._vjpCounts(values: values, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold)
            let (_, weighted) = KDEHistogram._vjpWeightedCounts(values: values, weights: ones, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold)
            let a = unweighted(.init(cotangent))
            let b = weighted(.init(cotangent))
            XCTAssertEqual(a.0, b.0)
            XCTAssertEqual(a.1, b.2)
            XCTAssertEqual(a.2, b.3)
            // Reduced derivative registrations give the same numbers.
            XCTAssertEqual(KDEHistogram._vjpCountsWrtValues(values: values, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold).pullback(.init(cotangent)), a.0)
            let (_, valuesAndWeights) = KDEHistogram._vjpWeightedCountsWrtValuesAndWeights(values: values, weights: ones, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold)
            XCTAssertEqual(valuesAndWeights(.init(cotangent)).0, b.0)
            XCTAssertEqual(valuesAndWeights(.init(cotangent)).1, b.1)
            XCTAssertEqual(KDEHistogram._vjpWeightedCountsWrtValues(values: values, weights: ones, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold).pullback(.init(cotangent)), b.0)
            XCTAssertEqual(KDEHistogram._vjpWeightedCountsWrtWeights(values: values, weights: ones, edges: edges, bandwidth: 0.1, density: density, foldOverflow: fold).pullback(.init(cotangent)), b.1)
        }
    }

    func testEmptyCotangentIsZero() {
        let (_, pullback) = KDEHistogram._vjpWeightedCounts(values: notesData, weights: [1, 2, 3, 4], edges: notesEdges, bandwidth: 0.1, density: true, foldOverflow: false)
        let (v, w, e, h) = pullback(.zero)
        XCTAssertTrue(v.base.isEmpty && w.base.isEmpty && e.base.isEmpty)
        XCTAssertEqual(h, 0)
        let (_, unweighted) = KDEHistogram._vjpCounts(values: notesData, edges: notesEdges, bandwidth: 0.1, density: false, foldOverflow: true)
        XCTAssertEqual(unweighted(.zero).2, 0)
    }

    // MARK: language-level differentiation

    func testGradientThroughSwiftCode() {
        // A detector resolution σ smears the events: a KDE with bandwidth √(h² + σ²).
        let values = notesData
        let edges = notesEdges
        @differentiable(reverse)
        func smearedSecondBin(_ sigma: Double) -> Double {
            let counts = KDEHistogram.counts(values: values, edges: edges, bandwidth: (0.01 + sigma * sigma).squareRoot())
            return counts[1]
        }
        let g = gradient(at: 0.05, of: smearedSecondBin)
        assertClose(g, centralDifference(at: 0.05, step: 1e-7) { smearedSecondBin($0) }, relative: 1e-7)

        // Shifting every event, then weighting with a sigmoid cut.
        @differentiable(reverse)
        func loss(_ shift: Double, _ cut: Double) -> Double {
            var shifted: [Double] = []
            for x in withoutDerivative(at: values) { shifted.append(x + shift) }
            let w = SigmoidCut.weights(values: shifted, cut: cut, slope: 20)
            let counts = KDEHistogram.counts(values: shifted, weights: w, edges: edges, bandwidth: 0.1)
            return counts[0] * 2 + counts[2]
        }
        let (gShift, gCut) = gradient(at: 0.03, 0.3, of: loss)
        assertClose(gShift, centralDifference(at: 0.03, step: 1e-7) { loss($0, 0.3) }, relative: 1e-7)
        assertClose(gCut, centralDifference(at: 0.3, step: 1e-7) { loss(0.03, $0) }, relative: 1e-7)
    }
}
