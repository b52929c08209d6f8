import _Differentiation
import XCTest
@testable import Pipeline

final class SoftSummaryTests: XCTestCase {
    private let bins = 3, temperature = 0.7
    private let logits: [Double] = [0.3, -1.2, 0.8, 1.5, 0.1, -0.4, -0.2, 0.9, 0.05, 2.0, -1.0, 0.3]
    private let tangents: [[Double]] = [
        [0.1, 0.4, -0.3, 0.2, -0.1, 0.5, 0.0, 0.3, -0.2, 0.6, 0.1, -0.4],
        [-0.5, 0.2, 0.1, 0.0, 0.3, -0.2, 0.4, -0.1, 0.2, 0.1, 0.0, 0.3],
    ]

    /// ∂f/∂θ_d equals the change of the fractions when the logits move along the tangent.
    func testDerivativesAreDirectionalDerivativesOfTheFractions() {
        let summary = softSummary(logits: logits, tangents: tangents, bins: bins, temperature: temperature)
        XCTAssertEqual(summary.fractions.reduce(0, +), 1, accuracy: 1e-14)
        for (d, tangent) in tangents.enumerated() {
            let h = 1e-6
            let up = softSummary(logits: zip(logits, tangent).map { $0 + h * $1 }, tangents: [], bins: bins, temperature: temperature)
            let down = softSummary(logits: zip(logits, tangent).map { $0 - h * $1 }, tangents: [], bins: bins, temperature: temperature)
            for i in 0..<bins {
                XCTAssertEqual(summary.derivatives[d][i], (up.fractions[i] - down.fractions[i]) / (2 * h), accuracy: 1e-8)
            }
        }
    }

    /// The hand-written pullback against central differences of a weighted sum of all outputs.
    func testPullbackMatchesFiniteDifferences() {
        let weights: [Double] = [0.3, -0.7, 1.1, 0.5, -0.2, 0.9, -1.3, 0.4, 0.8]
        func objective(_ summary: SoftSummary) -> Double {
            let flat = summary.fractions + summary.derivatives[0] + summary.derivatives[1]
            return zip(flat, weights).map { $0 * $1 }.reduce(0, +)
        }
        let (gLogits, gTangents) = gradient(at: logits, tangents) { z, t -> Double in
            let s = softSummary(logits: z, tangents: t, bins: self.bins, temperature: self.temperature)
            var total = 0.0
            for i in 0..<3 {
                total += s.fractions[i] * weights[i] + s.derivatives[0][i] * weights[3 + i] + s.derivatives[1][i] * weights[6 + i]
            }
            return total
        }
        let h = 1e-6
        for k in logits.indices {
            var up = logits, down = logits
            up[k] += h
            down[k] -= h
            let numeric = (objective(softSummary(logits: up, tangents: tangents, bins: bins, temperature: temperature))
                - objective(softSummary(logits: down, tangents: tangents, bins: bins, temperature: temperature))) / (2 * h)
            XCTAssertEqual(gLogits.base[k], numeric, accuracy: 1e-7, "logit \(k)")
            for d in tangents.indices {
                var tUp = tangents, tDown = tangents
                tUp[d][k] += h
                tDown[d][k] -= h
                let numericT = (objective(softSummary(logits: logits, tangents: tUp, bins: bins, temperature: temperature))
                    - objective(softSummary(logits: logits, tangents: tDown, bins: bins, temperature: temperature))) / (2 * h)
                XCTAssertEqual(gTangents.base[d].base[k], numericT, accuracy: 1e-7, "tangent \(d), entry \(k)")
            }
        }
    }
}
