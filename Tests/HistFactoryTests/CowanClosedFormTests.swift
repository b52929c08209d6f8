import Foundation
import XCTest
@testable import HistFactory

/// Median discovery significance of one-bin counting experiments against the closed forms of
/// Cowan, Cranmer, Gross and Vitells (arXiv:1007.1727, eq. 97) and its on/off extension with a
/// background uncertainty σ_b (Cowan, "Discovery sensitivity for a counting experiment with
/// background uncertainty").
final class CowanClosedFormTests: XCTestCase {
    private func workspace(signal: Double, background: Double, sigma: Double?) -> Workspace {
        let modifiers: [Modifier] = sigma.map { [.init(name: "bkg_unc", kind: .shapesys(uncertainties: [$0]))] } ?? []
        return Workspace(
            channels: [.init(name: "SR", samples: [
                .init(name: "signal", data: [signal], modifiers: [.init(name: "mu", kind: .normfactor)]),
                .init(name: "background", data: [background], modifiers: modifiers),
            ])],
            observations: [.init(name: "SR", data: [signal + background])],
            measurements: [.init(name: "m", config: .init(poi: "mu"))]
        )
    }

    private func medianSignificance(signal s: Double, background b: Double, sigma: Double?) throws -> Double {
        let model = try Model(workspace: workspace(signal: s, background: b, sigma: sigma))
        let data = model.expectedData(model.suggestedInit)
        let result = AsymptoticCalculator(model: model, data: data, statistic: .q0).hypotest(poiValue: 0)
        return NormalDistribution_upperQuantile(result.expectedBand[2])
    }

    func testWithoutBackgroundUncertainty() throws {
        for (s, b) in [(10.0, 50.0), (5.0, 1.0), (30.0, 400.0)] {
            let closedForm = (2 * ((s + b) * Foundation.log(1 + s / b) - s)).squareRoot()
            XCTAssertEqual(try medianSignificance(signal: s, background: b, sigma: nil), closedForm, accuracy: 1e-8, "s=\(s) b=\(b)")
        }
    }

    func testWithBackgroundUncertainty() throws {
        for (s, b, sigma) in [(10.0, 50.0, 7.0), (25.0, 50.0, 5.0), (20.0, 100.0, 20.0)] {
            let v = sigma * sigma
            let term1 = (s + b) * Foundation.log((s + b) * (b + v) / (b * b + (s + b) * v))
            let term2 = (b * b / v) * Foundation.log(1 + v * s / (b * (b + v)))
            let closedForm = (2 * (term1 - term2)).squareRoot()
            XCTAssertEqual(try medianSignificance(signal: s, background: b, sigma: sigma), closedForm, accuracy: 1e-7, "s=\(s) b=\(b) σ=\(sigma)")
        }
    }
}

import GSL
private func NormalDistribution_upperQuantile(_ p: Double) -> Double { NormalDistribution.upperQuantile(p) }
