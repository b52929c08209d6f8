import _Differentiation
import Foundation
import HistFactory
import XCTest
@testable import Objectives

private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

/// CLs, Z₀ and the interval width with their envelope/implicit-function gradients, against
/// HistFactory fits on perturbed workspaces.
final class ProfileObjectiveTests: XCTestCase {
    private func templates(_ name: String) throws -> TemplateModel {
        try TemplateModel(workspace: Workspace.load(from: fixtures.appendingPathComponent("workspaces/\(name).json").path))
    }

    /// HistFactory's q on the Asimov data of (suggested parameters, POI = asimovPOI).
    private func referenceRatio(_ model: Model, asimovPOI: Double, testPOI: Double) -> Double {
        var theta = model.suggestedInit
        theta[model.poiIndex] = asimovPOI
        let data = model.expectedData(theta)
        let conditional = model.fixedPOIFit(poiValue: testPOI, data: data).twiceNLL
        return max(0, conditional - 2 * model.negativeLogLikelihood(theta, data: data, order: 0).value)
    }

    private func checkGradient(
        _ templates: TemplateModel, _ label: String, tolerance: Double,
        _ objective: @differentiable(reverse) ([Double]) -> Double, reference: (Model) throws -> Double,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let values = templates.values
        let (value, g) = valueWithGradient(at: values, of: objective)
        XCTAssertEqual(value, try reference(templates.model), accuracy: 1e-7 * max(1, abs(value)), "\(label) value", file: file, line: line)
        for i in values.indices {
            if templates.isZeroUncertainty(i) {
                XCTAssertEqual(g.base[i], 0, "\(label): d/d \(templates.keys[i])", file: file, line: line)
                continue
            }
            let h = 1e-5 * max(1, abs(values[i]))
            var up = values, down = values
            up[i] += h
            down[i] -= h
            let numeric = (try reference(templates.model(with: up)) - reference(templates.model(with: down))) / (2 * h)
            XCTAssertEqual(g.base[i], numeric, accuracy: tolerance * max(1e-3 * abs(value), abs(numeric)),
                           "\(label): d/d \(templates.keys[i])", file: file, line: line)
        }
    }

    /// neos's CLs on the notes' model (§3.11): 0.1866457686 from pyhf 0.7.6 / relaxed.
    func testExpectedCLsOfTheNeosModel() throws {
        let model = try templates("neos_like")
        XCTAssertEqual(model.expectedCLs(templates: model.values), 0.1866457686, accuracy: 2e-6)
        XCTAssertEqual(model.discoverySignificance(templates: model.values), 1.284990376, accuracy: 2e-6)
    }

    func testCLsAndDiscoveryGradients() throws {
        for name in ["neos_like", "histosys", "normsys", "shapesys", "staterror"] {
            let model = try templates(name)
            try checkGradient(model, "\(name) CLs", tolerance: 1e-4, { model.expectedCLs(templates: $0) }) { m in
                2 * NormalDistributionTail.upper(self.referenceRatio(m, asimovPOI: 0, testPOI: 1).squareRoot())
            }
            try checkGradient(model, "\(name) Z0", tolerance: 1e-4, { model.discoverySignificance(templates: $0) }) { m in
                self.referenceRatio(m, asimovPOI: 1, testPOI: 0).squareRoot()
            }
        }
    }

    func testIntervalWidthGradient() throws {
        for name in ["neos_like", "histosys", "shapesys"] {
            let model = try templates(name)
            try checkGradient(model, "\(name) width", tolerance: 1e-3, { model.intervalWidth(templates: $0) }) { m in
                let scan = try m.profileLikelihoodScan(data: m.expectedData(m.suggestedInit), points: 2)
                return scan.interval.upper - scan.interval.lower
            }
        }
    }

    func testTemplateValidationNamesTheTemplate() throws {
        let model = try templates("neos_like")
        XCTAssertNoThrow(try model.validate(model.values))
        var values = model.values
        values[1] = -2
        XCTAssertThrowsError(try model.validate(values)) { error in
            XCTAssertEqual((error as? WorkspaceError)?.location, "singlechannel/signal/nominal[1]")
        }
        values = model.values
        values[0] = 0
        values[1] = 0
        XCTAssertThrowsError(try model.validate(values)) { error in
            XCTAssertEqual((error as? WorkspaceError)?.location, "singlechannel/signal/nominal")
        }
        XCTAssertThrowsError(try model.validate([1, 2]))
        values = model.values
        values[2] = .nan
        XCTAssertThrowsError(try model.validate(values))
    }

    func testBinaryCrossEntropyGradient() {
        let logits = [-3.0, -0.2, 0.4, 5.0], labels = [0.0, 1, 0, 1]
        let g = gradient(at: logits) { binaryCrossEntropy(logits: $0, labels: labels) }
        for i in logits.indices {
            var up = logits, down = logits
            up[i] += 1e-6
            down[i] -= 1e-6
            let numeric = (binaryCrossEntropy(logits: up, labels: labels) - binaryCrossEntropy(logits: down, labels: labels)) / 2e-6
            XCTAssertEqual(g.base[i], numeric, accuracy: 1e-8)
        }
        let p = 1 / (1 + exp(0.2))
        XCTAssertEqual(binaryCrossEntropy(logits: [-0.2], labels: [1]), -log(p), accuracy: 1e-15)
    }

    func testWeightedBinaryCrossEntropyGradientAndUnitWeights() {
        let logits = [-3.0, -0.2, 0.4, 5.0], labels = [0.0, 1, 0, 1], weights = [0.5, 2, 0.01, 1.3]
        let g = gradient(at: logits) { binaryCrossEntropy(logits: $0, labels: labels, weights: weights) }
        for i in logits.indices {
            var up = logits, down = logits
            up[i] += 1e-6
            down[i] -= 1e-6
            let numeric = (binaryCrossEntropy(logits: up, labels: labels, weights: weights)
                - binaryCrossEntropy(logits: down, labels: labels, weights: weights)) / 2e-6
            XCTAssertEqual(g.base[i], numeric, accuracy: 1e-8)
        }
        XCTAssertEqual(binaryCrossEntropy(logits: logits, labels: labels, weights: [1, 1, 1, 1]),
                       binaryCrossEntropy(logits: logits, labels: labels), accuracy: 1e-15)
        // Doubling one event's weight counts it twice.
        XCTAssertEqual(binaryCrossEntropy(logits: logits, labels: labels, weights: [2, 1, 1, 1]),
                       binaryCrossEntropy(logits: [logits[0]] + logits, labels: [labels[0]] + labels), accuracy: 1e-15)
    }
}

enum NormalDistributionTail {
    static func upper(_ x: Double) -> Double { erfc(x / 2.0.squareRoot()) / 2 }
}
