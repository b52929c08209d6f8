import _Differentiation
import Foundation
import GSL
import SoftHistograms
import XCTest
@testable import Pipeline

/// The detector building blocks: hand-written pullbacks against central differences, and the
/// identity that a Gaussian resolution on a KDE-histogrammed quantity is a wider KDE.
final class DetectorResponseTests: XCTestCase {
    private let events: [Double] = [0.3, -1.2, 0.8, 1.5, 0.1, -0.4, -0.2, 0.9, 0.05, 2.0, -1.0, 0.3]  // 4 × 3
    private let noise: [Double] = [0.7, -1.1, 0.4, 1.9]
    private let cotangent: [Double] = [0.5, -0.3, 1.2, 0.8, 0.1, -0.9, -0.6, 0.4, 0.2, 1.1, -0.7, 0.3]

    /// ⟨v, f(x, a)⟩ differentiated by the pullback against central differences in x and a.
    private func assertPullback(
        _ f: @escaping @differentiable(reverse) ([Double], Double) -> [Double], at a: Double, cotangent v: [Double],
        file: StaticString = #filePath, line: UInt = #line
    ) {
        let (gx, ga) = gradient(at: events, a) { x, a in dot(f(x, a), v) }
        let h = 1e-6
        for i in events.indices {
            var up = events, down = events
            up[i] += h
            down[i] -= h
            XCTAssertEqual(gx[i], (dot(f(up, a), v) - dot(f(down, a), v)) / (2 * h), accuracy: 1e-8, "x[\(i)]", file: file, line: line)
        }
        XCTAssertEqual(ga, (dot(f(events, a + h), v) - dot(f(events, a - h), v)) / (2 * h), accuracy: 1e-8, "parameter", file: file, line: line)
    }

    func testSmearPullbackMatchesFiniteDifferences() {
        let noise = self.noise
        assertPullback({ x, sigma in DetectorResponse.smear(x, features: 3, column: 0, noise: noise, resolution: sigma) }, at: 0.8, cotangent: cotangent)
        let smeared = DetectorResponse.smear(events, features: 3, column: 0, noise: noise, resolution: 0.5)
        XCTAssertEqual(smeared[3], 1.5 + 0.5 * -1.1)
        XCTAssertEqual(smeared[4], 0.1, "other columns untouched")
    }

    func testScalePullbackMatchesFiniteDifferences() {
        assertPullback({ x, a in DetectorResponse.scale(x, features: 3, column: 2, factor: a) }, at: 1.3, cotangent: cotangent)
        XCTAssertEqual(DetectorResponse.scale(events, features: 3, column: 2, factor: 2)[5], -0.8)
    }

    func testColumnPullbackScattersIntoTheColumn() {
        let v: [Double] = [1, 2, 3, 4]
        XCTAssertEqual(DetectorResponse.column(events, features: 3, column: 1), [-1.2, 0.1, 0.9, -1.0])
        let g = gradient(at: events) { x in dot(DetectorResponse.column(x, features: 3, column: 1), v) }
        XCTAssertEqual(g.base, [0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0])
    }

    // MARK: Gaussian resolution ⇔ KDE bandwidth √(h² + σ²)

    private let edges: [Double] = [-1.5, -0.5, 0, 0.4, 1.2, 2.5]
    private let values: [Double] = [-0.9, -0.2, 0.1, 0.35, 0.8, 1.6]
    private let weights: [Double] = [1, 0.5, 2, 1, 0.7, 1.3]

    /// The expectation over ε of the h-KDE of x + σε, by quadrature (trapezoid on a fine ε grid,
    /// exact to rounding for these smooth Gaussian integrands), equals the √(h² + σ²)-KDE of x.
    func testExpectedSmearedHistogramIsTheWiderKDEExactly() {
        let (h, sigma) = (0.15, 0.4)
        let step = 0.01, nodes = stride(from: -10.0, through: 10.0, by: step).map { $0 }
        var smeared: [Double] = [], smearedWeights: [Double] = []
        for (x, w) in zip(values, weights) {
            for epsilon in nodes {
                smeared.append(x + sigma * epsilon)
                smearedWeights.append(w * step * exp(-epsilon * epsilon / 2) / (2 * Double.pi).squareRoot())
            }
        }
        let expected = KDEHistogram.counts(values: smeared, weights: smearedWeights, edges: edges, bandwidth: h)
        let wider = GaussianResolution.expectedCounts(values: values, weights: weights, edges: edges, bandwidth: h, resolution: sigma)
        for i in expected.indices { XCTAssertEqual(expected[i], wider[i], accuracy: 1e-12, "bin \(i)") }
        let unsmeared = KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: h)
        XCTAssertGreaterThan(zip(unsmeared, wider).map { abs($0 - $1) }.max()!, 0.1, "the resolution visibly changes the histogram")
    }

    /// Smearing many copies with random ε and histogramming with h converges to the wider KDE:
    /// each copy adds between 0 and its weight w to a bin, so the mean of n copies of an event has
    /// a standard error ≤ w/(2√n) per bin, the sum over events ≤ √(Σw²)/(2√n); the test allows 5 of them.
    func testRandomlySmearedHistogramConvergesToTheWiderKDE() {
        let (h, sigma, copies) = (0.15, 0.6, 3000)
        let random = RandomStream(seed: 11)
        var smeared: [Double] = [], smearedWeights: [Double] = []
        for (x, w) in zip(values, weights) {
            for _ in 0..<copies {
                smeared.append(x + sigma * random.gaussian())
                smearedWeights.append(w / Double(copies))
            }
        }
        let sampled = KDEHistogram.counts(values: smeared, weights: smearedWeights, edges: edges, bandwidth: h)
        let wider = GaussianResolution.expectedCounts(values: values, weights: weights, edges: edges, bandwidth: h, resolution: sigma)
        let tolerance = 5 * weights.map { $0 * $0 }.reduce(0, +).squareRoot() / (2 * Double(copies).squareRoot())
        for i in sampled.indices { XCTAssertEqual(sampled[i], wider[i], accuracy: tolerance, "bin \(i)") }
        let narrow = KDEHistogram.counts(values: values, weights: weights, edges: edges, bandwidth: h)
        XCTAssertGreaterThan(zip(sampled, narrow).map { abs($0 - $1) }.max()!, 2 * tolerance, "the test can tell the two bandwidths apart")
    }

    func testResolutionDerivativeMatchesFiniteDifferences() {
        let v: [Double] = [0.4, -1.0, 0.3, 0.9, -0.5]
        let (edges, values, weights) = (self.edges, self.values, self.weights)
        func f(_ sigma: Double) -> Double {
            dot(GaussianResolution.expectedCounts(values: values, weights: weights, edges: edges, bandwidth: 0.15, resolution: sigma), v)
        }
        let h = 1e-6
        XCTAssertEqual(gradient(at: 0.4, of: f), (f(0.4 + h) - f(0.4 - h)) / (2 * h), accuracy: 1e-8)
        XCTAssertEqual(GaussianResolution.effectiveBandwidth(kernel: 0.3, resolution: 0.4), 0.5, accuracy: 1e-15)
    }
}

@differentiable(reverse)
func dot(_ a: [Double], _ b: [Double]) -> Double {
    var total = 0.0
    for i in withoutDerivative(at: a.indices) { total += a[i] * b[i] }
    return total
}
