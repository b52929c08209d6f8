import _Differentiation
import Foundation
@testable import SoftHistograms
import XCTest

final class SigmoidCutTests: XCTestCase {
    func testValues() {
        let w = SigmoidCut.weights(values: [-1, 0.5, 2], cut: 0.5, slope: 2)
        assertClose(w, [1 / (1 + exp(3.0)), 0.5, 1 / (1 + exp(-3.0))], relative: 1e-15)
        let below = SigmoidCut.weights(values: [-1, 0.5, 2], cut: 0.5, slope: 2, keep: .below)
        assertClose(below, [1 / (1 + exp(-3.0)), 0.5, 1 / (1 + exp(3.0))], relative: 1e-15)
        // Large slopes give the hard cut, without overflow.
        XCTAssertEqual(SigmoidCut.weights(values: [-1, 1], cut: 0, slope: 1e5), [0, 1])
        XCTAssertEqual(SigmoidCut.weights(values: [-1, 1], cut: 0, slope: 1e5, keep: .below), [1, 0])
        let y = 800 * (0.2 - 0.3)  // ≈ −80
        XCTAssertEqual(SigmoidCut.weights(values: [0.4], cut: 0.3, slope: 800)[0], 1 / (1 + exp(-80.0)), accuracy: 1e-16)
        assertClose(SigmoidCut.weights(values: [0.2], cut: 0.3, slope: 800)[0], exp(y) / (1 + exp(y)), relative: 1e-15)
    }

    func testPullbacksAgainstFiniteDifferences() {
        var random = TestRandom(seed: 21)
        let values = random.normals(15)
        let cotangent = random.normals(15)
        for keep in SigmoidCut.Keep.allCases {
            for (cut, slope) in [(0.2, 1.0), (-0.4, 7.0), (0.1, -3.0)] {
                func loss(_ x: [Double], _ c: Double, _ s: Double) -> Double {
                    dot(cotangent, SigmoidCut.weights(values: x, cut: c, slope: s, keep: keep))
                }
                let (value, pullback) = SigmoidCut._vjpWeights(values: values, cut: cut, slope: slope, keep: keep)
                XCTAssertEqual(value, SigmoidCut.weights(values: values, cut: cut, slope: slope, keep: keep))
                let (gx, gc, gs) = pullback(.init(cotangent))
                let context = "\(keep) cut \(cut) slope \(slope)"
                assertClose(gx.base, centralDifferences(at: values) { loss($0, cut, slope) }, relative: 1e-7, absolute: 1e-9, context)
                assertClose(gc, centralDifference(at: cut) { loss(values, $0, slope) }, relative: 1e-7, absolute: 1e-9, context)
                assertClose(gs, centralDifference(at: slope) { loss(values, cut, $0) }, relative: 1e-7, absolute: 1e-9, context)
            }
        }
    }

    func testStableGradientsAtHugeSlopes() {
        let (_, pullback) = SigmoidCut._vjpWeights(values: [-1, 0.3, 0.30001, 2], cut: 0.3, slope: 1e6, keep: .above)
        let (gx, gc, gs) = pullback(.init([1, 1, 1, 1]))
        XCTAssertTrue(gx.base.allSatisfy(\.isFinite) && gc.isFinite && gs.isFinite)
        XCTAssertEqual(gx.base[0], 0)
        XCTAssertEqual(gx.base[1], 1e6 / 4)  // σ′(0) = 1/4
        let y = 1e6 * (0.30001 - 0.3)
        assertClose(gx.base[2], 1e6 * exp(-y) / ((1 + exp(-y)) * (1 + exp(-y))), relative: 1e-12)
    }

    func testEmptyCotangentAndGradientAPI() {
        let (_, pullback) = SigmoidCut._vjpWeights(values: [1, 2], cut: 1.5, slope: 3, keep: .below)
        let (x, c, s) = pullback(.zero)
        XCTAssertTrue(x.base.isEmpty)
        XCTAssertEqual(c, 0)
        XCTAssertEqual(s, 0)
        let values = [0.1, 0.5, 0.9]
        let (gc, gs) = gradient(at: 0.4, 10.0) { c, s in
            SigmoidCut.weights(values: values, cut: c, slope: s).differentiableReduce(0, +)
        }
        assertClose(gc, centralDifference(at: 0.4) { c in SigmoidCut.weights(values: values, cut: c, slope: 10).reduce(0, +) }, relative: 1e-7)
        assertClose(gs, centralDifference(at: 10) { s in SigmoidCut.weights(values: values, cut: 0.4, slope: s).reduce(0, +) }, relative: 1e-7)
    }
}
