import _Differentiation
import Foundation
import HistFactory
import XCTest
@testable import Objectives

private let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("fixtures")

private func workspace(_ name: String) throws -> Workspace {
    try Workspace.load(from: fixtures.appendingPathComponent("workspaces/\(name).json").path)
}

/// The differentiable re-evaluation against HistFactory, and every template gradient against
/// finite differences of HistFactory itself (rebuilt from perturbed workspaces).
final class TemplateModelTests: XCTestCase {
    static let cases: [(String, InterpolationCodes)] = [
        ("realistic", .pyhfDefaults), ("multichannel_shared", .pyhfDefaults), ("shapesys", .pyhfDefaults),
        ("staterror", .pyhfDefaults), ("lumi", .pyhfDefaults), ("shapefactor", .pyhfDefaults),
        ("normsys", InterpolationCodes(normsys: .code1, histosys: .code0)), ("histosys", InterpolationCodes(normsys: .code4, histosys: .code2)),
    ]

    /// Parameters away from the nominal point, inside the bounds.
    private func probe(_ model: Model, shift: Double) -> [Double] {
        model.suggestedInit.enumerated().map { i, value in
            let bounds = model.suggestedBounds[i]
            let moved = value + shift * (i % 2 == 0 ? 0.3 : -0.2)
            return min(bounds.upper, max(bounds.lower, moved))
        }
    }

    func testExpectedDataLikelihoodAndFisherMatchHistFactory() throws {
        for (name, codes) in Self.cases {
            let templates = try TemplateModel(workspace: workspace(name), interpolationCodes: codes)
            let model = templates.model
            let values = templates.values
            let data = model.expectedData(probe(model, shift: 0.5))
            for shift in [0.0, 1.0, -2.0] {
                let theta = probe(model, shift: shift)
                for (x, y) in zip(templates.expectedData(theta, templates: values), model.expectedData(theta)) {
                    XCTAssertEqual(x, y, accuracy: 1e-12 * max(1, abs(y)), "\(name) expected data")
                }
            }
            let (a, b) = (probe(model, shift: 1), probe(model, shift: -1))
            let ours = templates.negativeLogLikelihood(a, data: data, templates: values) - templates.negativeLogLikelihood(b, data: data, templates: values)
            let theirs = model.negativeLogLikelihood(a, data: data, order: 0).value - model.negativeLogLikelihood(b, data: data, order: 0).value
            XCTAssertEqual(ours, theirs, accuracy: 1e-9 * max(1, abs(theirs)), "\(name) NLL difference")
            let free = (0..<model.parameterCount).filter { !model.suggestedFixed[$0] }
            let information = templates.fisherInformation(at: model.suggestedInit, free: free, templates: values)
            let reference = try model.fisherInformation().information.elements
            for (x, y) in zip(information, reference) { XCTAssertEqual(x, y, accuracy: 1e-9 * max(1, abs(y)), "\(name) Fisher") }
        }
    }

    /// Central differences of a HistFactory-computed quantity with respect to template entry i.
    private func finiteDifference(_ templates: TemplateModel, _ i: Int, _ f: (Model, Workspace) throws -> Double) throws -> Double {
        let values = templates.values
        let h = 1e-6 * max(1, abs(values[i]))
        func at(_ delta: Double) throws -> Double {
            var shifted = values
            shifted[i] += delta
            let ws = templates.workspace(with: shifted)
            return try f(try Model(workspace: ws, interpolationCodes: templates.interpolationCodes), ws)
        }
        return (try at(h) - at(-h)) / (2 * h)
    }

    /// Compares within `tolerance` relative to max(|numeric|, `floor`): central differences of a
    /// quantity of size Q carry about 1e-16·Q/h of rounding, which `floor` absorbs.
    private func assertGradient(
        _ name: String, _ templates: TemplateModel, _ analytic: [Double], tolerance: Double, floor: Double = 1e-3,
        file: StaticString = #filePath, line: UInt = #line, _ f: (Model, Workspace) throws -> Double
    ) throws {
        XCTAssertEqual(analytic.count, templates.slots.count, file: file, line: line)
        for i in analytic.indices {
            if templates.isZeroUncertainty(i) {
                XCTAssertEqual(analytic[i], 0, "\(name): d/d \(templates.keys[i])", file: file, line: line)
                continue
            }
            let numeric = try finiteDifference(templates, i, f)
            XCTAssertEqual(analytic[i], numeric, accuracy: tolerance * max(floor, abs(numeric)),
                           "\(name): d/d \(templates.keys[i])", file: file, line: line)
        }
    }

    func testExpectedDataAndLikelihoodGradients() throws {
        for (name, codes) in Self.cases {
            let templates = try TemplateModel(workspace: workspace(name), interpolationCodes: codes)
            let theta = probe(templates.model, shift: 0.7)
            let data = templates.model.expectedData(probe(templates.model, shift: -0.4))
            let weights = (0..<templates.model.mainBinCount).map { 1 + 0.1 * Double($0) }
            let g = gradient(at: templates.values) { t -> Double in
                let rates = templates.expectedMainData(theta, templates: t)
                var sum = 0.0
                for b in withoutDerivative(at: rates.indices) { sum += weights[b] * rates[b] }
                return sum
            }
            try assertGradient("\(name) ν", templates, g.base, tolerance: 1e-6) { model, _ in
                zip(model.expectedMainData(theta), weights).map { $0 * $1 }.reduce(0, +)
            }
            let nllGradient = gradient(at: templates.values) { t in templates.negativeLogLikelihood(theta, data: data, templates: t) }
            try assertGradient("\(name) NLL", templates, nllGradient.base, tolerance: 1e-6, floor: 0.1) { model, _ in
                model.negativeLogLikelihood(theta, data: data, order: 0).value
            }
        }
    }

    /// The hand-written pullback of the Fisher information, also away from the nominal point
    /// (where the interpolation codes take their outer branches and Poisson constraints sit at
    /// θ ≠ 1), against central differences of the information itself, with a cotangent on every
    /// element.
    func testFisherInformationPullback() throws {
        for (name, codes) in Self.cases {
            let templates = try TemplateModel(workspace: workspace(name), interpolationCodes: codes)
            let model = templates.model
            let free = (0..<model.parameterCount).filter { !model.suggestedFixed[$0] }
            let values = templates.values
            for shift in [0.0, 0.5, 4.0] {
                let theta = probe(model, shift: shift)
                let weights = (0..<(free.count * free.count)).map { sin(Double($0) + shift) }
                func weighted(_ t: [Double]) -> Double {
                    zip(templates.fisherInformation(at: theta, free: free, templates: t), weights).map { $0 * $1 }.reduce(0, +)
                }
                let scale = abs(weighted(values))
                let g = pullback(at: values) { templates.fisherInformation(at: theta, free: free, templates: $0) }(.init(weights))
                for i in values.indices where !templates.isZeroUncertainty(i) {
                    let h = 1e-6 * max(1, abs(values[i]))
                    var up = values, down = values
                    up[i] += h
                    down[i] -= h
                    let difference = (weighted(up) - weighted(down)) / (2 * h)
                    XCTAssertEqual(g.base[i], difference, accuracy: 1e-6 * max(1, abs(difference)) + 1e-12 * scale / h,
                                   "\(name) θ shift \(shift), template \(templates.keys[i].key)")
                }
            }
        }
    }

    func testPOIUncertaintyGradient() throws {
        for (name, codes) in Self.cases {
            let templates = try TemplateModel(workspace: workspace(name), interpolationCodes: codes)
            let (value, g) = valueWithGradient(at: templates.values) { templates.poiUncertainty(templates: $0) }
            XCTAssertEqual(value, try templates.model.fisherInformation().poiUncertainty!, accuracy: 1e-12, name)
            try assertGradient("\(name) σ_μ", templates, g.base, tolerance: 1e-5) { model, _ in
                try model.fisherInformation().poiUncertainty!
            }
        }
    }
}

extension TemplateModel {
    /// A zero staterror/shapesys uncertainty means the bin has no constraint term (pyhf fixes its
    /// parameter); any positive value switches one on, so the model is discontinuous there and a
    /// finite difference across it means nothing. The gradient there is 0.
    func isZeroUncertainty(_ i: Int) -> Bool {
        slots[i].field == .uncertainty && values[i] == 0
    }
}
