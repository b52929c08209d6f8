import _Differentiation
import Foundation
@testable import SoftHistograms
import XCTest

/// The even-grid path (φ from a ``GaussianLadder``) against the formula evaluated directly with
/// Foundation's exp and erfc, edge by edge.
final class GaussianLadderTests: XCTestCase {
    func testLadderOnlyForEvenGridsWithWideWindows() {
        let even = (0...60).map { Double($0) / 60 }
        XCTAssertNotNil(KDEKernel(edges: even, openBelow: false, openAbove: false, bandwidth: 0.05).ladder)
        XCTAssertNil(KDEKernel(edges: even, openBelow: false, openAbove: false, bandwidth: 0.005).ladder, "window under 12 edges")
        var uneven = even
        uneven[30] += 1e-9
        XCTAssertNil(KDEKernel(edges: uneven, openBelow: false, openAbove: false, bandwidth: 0.05).ladder)
    }

    func testEvenGridsMatchTheDirectFormula() {
        var random = TestRandom(seed: 11)
        let unit: [Double] = (0...60).map { Double($0) / 60 }
        let shifted: [Double] = (0...40).map { -3 + Double($0) * 0.15 }
        let grids = [unit, shifted]
        for edges in grids {
            let low = edges.first!, high = edges.last!
            let span = high - low
            // Inside, on edges, just outside, far outside.
            let special: [Double] = [edges[7], edges[20], low - 20 * span, high + 50 * span]
            let values = random.uniforms(200, low - 0.3 * span, high + 0.3 * span) + special
            let weights = random.uniforms(values.count, -0.5, 2)
            let cotangent = random.normals(edges.count - 1)
            // Ladder windows of 12 to all edges (the widest spill far past both ends), and the direct path.
            let bandwidths: [Double] = [span / 60 * 0.7, 0.05 * span, 0.4 * span, 3 * span, 0.001 * span]
            for h in bandwidths {
                for fold in [false, true] {
                    let context = "grid \(low)…\(high) h \(h) fold \(fold)"
                    let ours = KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: h, foldOverflow: fold)
                    assertClose(ours, referenceKDE(values: values, weights: weights, edges: edges, bandwidth: h, fold: fold),
                                relative: 1e-12, absolute: 1e-13, context)
                    let (_, pullback) = KDEHistogram._vjpWeightedCounts(
                        values: values, weights: weights, edges: edges, bandwidth: h, density: false, foldOverflow: fold)
                    let (gValues, gWeights, gEdges, gBandwidth) = pullback(Array<Double>.TangentVector(cotangent))
                    let reference = directPullback(cotangent, values: values, weights: weights, edges: edges, bandwidth: h, fold: fold)
                    for k in values.indices {
                        // Relative to the size of the terms summed: the ladder's rounding, not cancellation.
                        XCTAssertLessThanOrEqual(abs(gValues[k] - reference.values[k]), 2e-14 * reference.valueScale[k] + 1e-300, "value \(k) \(context)")
                    }
                    assertClose(gWeights.base, reference.weights, relative: 1e-12, absolute: 1e-14, "weights \(context)")
                    assertClose(gEdges.base, reference.edges, relative: 1e-11, absolute: 1e-12 * reference.edgeScale, "edges \(context)")
                    assertClose(gBandwidth, reference.bandwidth, relative: 1e-11, absolute: 1e-12 * reference.edgeScale, "bandwidth \(context)")
                }
            }
        }
    }

    /// The gradients of Σ_b v_b counts_b from L = Σ_k w_k Σ_j C_j Φ(z_jk), C_j = v_{j−1} − v_j,
    /// with φ and Φ from Foundation (Φ at every edge, φ at the edges within the cutoff, as the
    /// kernel); with folding the outer edges drop out.
    private func directPullback(
        _ v: [Double], values: [Double], weights: [Double], edges: [Double], bandwidth h: Double, fold: Bool
    ) -> (values: [Double], valueScale: [Double], weights: [Double], edges: [Double], edgeScale: Double, bandwidth: Double) {
        let n = edges.count - 1
        let coefficients = (0...n).map { j -> Double in
            if fold && (j == 0 || j == n) { return 0 }
            return (j > 0 ? v[j - 1] : 0) - (j < n ? v[j] : 0)
        }
        var gValues = [Double](repeating: 0, count: values.count)
        var scales = gValues
        var gWeights = gValues
        var gEdges = [Double](repeating: 0, count: edges.count)
        var edgeScale = 0.0
        var gBandwidth = 0.0
        for (k, x) in values.enumerated() {
            let w = weights[k]
            for j in 0...n {
                let z = (edges[j] - x) * (1 / h)
                gWeights[k] += coefficients[j] * referenceCDF(z)
                // φ terms only inside the kernel's cutoff, as the kernel sums them.
                guard abs(z) <= StandardNormal.cutoff else { continue }
                let phi = exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
                gValues[k] -= w / h * coefficients[j] * phi
                scales[k] += abs(w / h * coefficients[j] * phi)
                gEdges[j] += w / h * coefficients[j] * phi
                edgeScale += abs(w / h * coefficients[j] * phi)
                gBandwidth -= w / h * coefficients[j] * phi * z
            }
            if fold { gWeights[k] += v[n - 1] }  // the last bin's upper Φ(+∞) = 1
        }
        return (gValues, scales, gWeights, gEdges, edgeScale, gBandwidth)
    }
}
