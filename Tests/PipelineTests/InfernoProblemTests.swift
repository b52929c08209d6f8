import _Differentiation
import Foundation
import GSL
import XCTest
@testable import Pipeline

final class InfernoProblemTests: XCTestCase {
    /// The paper's "Optimal classifier (10 bins)" row (arXiv:1806.04743, Table 1): the analytic
    /// s(x) binned in 10 uniform bins, evaluated with the paper's protocol.
    func testOptimalClassifierReproducesThePaperRow() {
        let stream = RandomStream(seed: 47)
        let samples = InfernoEvaluationSamples(
            signal: InfernoProblem.signal(count: 200_000, stream: stream),
            background: InfernoProblem.background(count: 200_000, stream: stream)
        )
        let templates = HardTemplates(binCount: 10, samples: samples) { events in
            (0..<(events.count / 3)).map { k in
                min(9, Int(InfernoProblem.signalProbability(events[(3 * k)..<(3 * k + 3)]) * 10))
            }
        }
        let paper = [14.97, 19.12, 24.93, 22.13, 27.98]
        for (benchmark, published) in zip(InfernoBenchmark.all, paper) {
            let sigma = benchmark.expectedUncertainty(templates: templates)
            XCTAssertEqual(sigma, published, accuracy: 0.03 * published, "benchmark \(benchmark.index)")
        }
    }

    func testSamplesFollowTheirDistributions() {
        let stream = RandomStream(seed: 1)
        let background = InfernoProblem.background(count: 100_000, stream: stream)
        let n = Double(background.count / 3)
        let mean0 = stride(from: 0, to: background.count, by: 3).map { background[$0] }.reduce(0, +) / n
        let mean2 = stride(from: 2, to: background.count, by: 3).map { background[$0] }.reduce(0, +) / n
        XCTAssertEqual(mean0, 2, accuracy: 0.03)
        XCTAssertEqual(mean2, 1 / 3, accuracy: 0.01)
        let moved = InfernoProblem.transform(background: background, shift: 0.5, rate: 2)
        let movedMean2 = stride(from: 2, to: moved.count, by: 3).map { moved[$0] }.reduce(0, +) / n
        XCTAssertEqual(movedMean2, 1 / 2, accuracy: 0.01, "Exp(3) rescaled to Exp(2)")
        XCTAssertEqual(moved[0], background[0] + 0.5)
    }

    /// The analytic pullback of Var(ŝ) through the Fisher matrix, against finite differences.
    func testSignalVarianceGradient() {
        let signal = [0.05, 0.1, 0.2, 0.3, 0.35]
        let background = [0.4, 0.3, 0.15, 0.1, 0.05]
        let shift = [-0.2, -0.05, 0.05, 0.1, 0.1]
        let rate = [0.1, 0.05, -0.02, -0.05, -0.08]
        for benchmark in InfernoBenchmark.all {
            let inputs = signal + background + shift + rate
            func f(_ x: [Double]) -> Double {
                benchmark.signalVariance(signal: Array(x[0..<5]), background: Array(x[5..<10]),
                                         backgroundShift: Array(x[10..<15]), backgroundRate: Array(x[15..<20]))
            }
            let yields = gradient(at: signal, background) { a, b in
                benchmark.signalVariance(signal: a, background: b, backgroundShift: shift, backgroundRate: rate)
            }
            let slopes = gradient(at: shift, rate) { c, d in
                benchmark.signalVariance(signal: signal, background: background, backgroundShift: c, backgroundRate: d)
            }
            // A zero tangent may come back as an empty array (benchmark 0 ignores the slopes).
            func dense(_ tangent: Array<Double>.TangentVector) -> [Double] { tangent.base.isEmpty ? [Double](repeating: 0, count: 5) : tangent.base }
            let analytic = dense(yields.0) + dense(yields.1) + dense(slopes.0) + dense(slopes.1)
            for i in inputs.indices {
                var up = inputs, down = inputs
                up[i] += 1e-7
                down[i] -= 1e-7
                let numeric = (f(up) - f(down)) / 2e-7
                XCTAssertEqual(analytic[i], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "benchmark \(benchmark.index), input \(i)")
            }
        }
    }
}
