import Foundation
import GSL
import XCTest
@testable import HistFactory

/// The toy calculator against pyhf 0.7.6's ToyCalculator (`fixtures/toys/pyhf_toys.json`, written
/// by `fixtures/toys/generate_toys.py`): the same definitions, checked statistically because the
/// two draw different pseudo-experiments.
final class ToyCalculatorTests: XCTestCase {
    struct Case: Decodable {
        var `case`: String
        var workspace: String
        var mu: Double
        var ntoys: Int
        var teststat_obs: Double
        var cls_obs: Double
        var cls_exp: [Double]
        var toys_sb_sorted: [Double]
        var toys_b_sorted: [Double]
        var stderr: StandardErrors

        struct StandardErrors: Decodable {
            var cls_obs_delta: Double
            var cls_exp_bootstrap: [Double]
        }
    }

    struct Reference: Decodable { var cases: [Case] }

    static let reference: Reference? = try? Fixtures.decode(Reference.self, "toys/pyhf_toys.json")

    func testToyCLsAgreesWithPyhfWithinTheToysStatisticalUncertainty() throws {
        let reference = try XCTUnwrap(Self.reference, "fixtures/toys/pyhf_toys.json")
        let cases = reference.cases.filter { ["shapesys_mu1", "staterror_mu1", "histosys_mu1", "histosys_mulim", "normfactor_only_mulim"].contains($0.case) }
        XCTAssertEqual(cases.count, 5)
        for reference in cases {
            let (workspace, model) = try Fixtures.model(workspace: reference.workspace, codes: [:])
            let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            let calculator = ToyCalculator(model: model, data: data, statistic: .qtilde)
            let ours = calculator.hypotest(poiValue: reference.mu, toys: reference.ntoys, seed: 11)
            let name = reference.case
            // The observed q comes from deterministic fits: pyhf's SLSQP stops at ftol 1e-6.
            XCTAssertEqual(ours.result.observedStatistic, reference.teststat_obs, accuracy: 2e-4 * max(1, reference.teststat_obs), name)
            // Two independent estimates, each with the reference's standard error.
            let sigma = 2.0.squareRoot() * max(reference.stderr.cls_obs_delta, 1e-3)
            XCTAssertEqual(ours.result.observed, reference.cls_obs, accuracy: 4 * sigma, "\(name): CLs observed")
            for k in 1...3 {
                let sigmaBand = 2.0.squareRoot() * max(reference.stderr.cls_exp_bootstrap[k], 2e-3)
                XCTAssertEqual(ours.result.expectedBand[k], reference.cls_exp[k], accuracy: 4 * sigmaBand, "\(name): expected band \(k)")
            }
            // Both distributions of q̃: two-sample Kolmogorov–Smirnov at α = 0.001.
            for (label, mine, theirs) in [("s+b", ours.result.signal.samples, reference.toys_sb_sorted),
                                          ("b", ours.result.background.samples, reference.toys_b_sorted)] {
                let d = Self.kolmogorovSmirnov(mine, theirs)
                let n = Double(mine.count), m = Double(theirs.count)
                XCTAssertLessThan(d, 1.949 * ((n + m) / (n * m)).squareRoot(), "\(name): \(label) distributions differ (D = \(d))")
            }
        }
    }

    func testToysApproachTheAsymptoticCLsWhereAsymptoticsHold() throws {
        // normfactor_only at its asymptotic limit: 110 expected events, asymptotic CLs = 0.05.
        let (workspace, model) = try Fixtures.model(workspace: "workspaces/normfactor_only.json", codes: [:])
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let asymptotic = AsymptoticCalculator(model: model, data: data, statistic: .qtilde).hypotest(poiValue: 2.0714)
        let toys = ToyCalculator(model: model, data: data, statistic: .qtilde).hypotest(poiValue: 2.0714, toys: 3000, seed: 5).result
        XCTAssertEqual(asymptotic.observed, 0.05, accuracy: 1e-3)
        XCTAssertEqual(toys.observed, asymptotic.observed, accuracy: 0.012)
    }

    func testABlockIsTheSameWhoeverRunsItAndBlocksDiffer() throws {
        let (workspace, model) = try Fixtures.model(workspace: "workspaces/shapesys.json", codes: [:])
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let calculator = ToyCalculator(model: model, data: data, statistic: .qtilde)
        let hypothesis = calculator.hypothesis(poiValue: 1)
        let second = calculator.block(1, count: 50, of: hypothesis, seed: 3)
        let first = calculator.block(0, count: 50, of: hypothesis, seed: 3)
        XCTAssertEqual(calculator.block(1, count: 50, of: hypothesis, seed: 3), second)
        XCTAssertNotEqual(first.background, second.background)
        XCTAssertNotEqual(calculator.block(1, count: 50, of: hypothesis, pointIndex: 1, seed: 3).background, second.background)
        XCTAssertNotEqual(calculator.block(1, count: 50, of: hypothesis, seed: 4).background, second.background)
    }

    func testPseudoDataFollowTheModelAtTheGivenParameters() throws {
        let (_, model) = try Fixtures.model(workspace: "workspaces/shapesys.json", codes: [:])
        let calculator = ToyCalculator(model: model, data: model.nominalAsimovData, statistic: .qtilde)
        var parameters = model.suggestedInit
        parameters[model.poiIndex] = 1.5
        let expected = model.expectedData(parameters)
        let random = RandomStream(seed: 9)
        let draws = 4000
        var sums = [Double](repeating: 0, count: expected.count)
        for _ in 0..<draws {
            for (i, value) in calculator.pseudoData(at: parameters, random: random).enumerated() { sums[i] += value }
        }
        // Main and Poisson auxiliary data: mean ν, variance ν; Gaussian auxiliary data: mean θ.
        for i in expected.indices {
            let sigma = (max(expected[i], 1) / Double(draws)).squareRoot()
            XCTAssertEqual(sums[i] / Double(draws), expected[i], accuracy: 5 * sigma, "datum \(i)")
        }
    }

    func testEmpiricalPValuesAndPercentilesFollowPyhfAndNumpy() {
        let distribution = EmpiricalDistribution([3, 0, 2, 0, 1])
        XCTAssertEqual(distribution.upperTail(1), 3.0 / 5, "ties count: q ≥ value")
        XCTAssertEqual(distribution.upperTail(0), 1)
        XCTAssertEqual(distribution.upperTail(3.5), 0)
        XCTAssertEqual(distribution.quantile(0.5), 1)
        XCTAssertEqual(distribution.quantile(0.25), 0)
        XCTAssertEqual(distribution.quantile(0.9), 2.6, accuracy: 1e-12, "numpy: position 0.9 × 4 = 3.6")
        let result = ToyHypotestResult(poiValue: 1, observedStatistic: 1, signal: [0, 1, 2, 3], background: [0, 0, 1, 5])
        let (clsb, clb, cls) = result.observedPValues
        XCTAssertEqual(clsb, 0.75)
        XCTAssertEqual(clb, 0.5)
        XCTAssertEqual(cls, 1.5)
    }

    /// sup |F₁ − F₂| of the two samples' empirical distribution functions.
    static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double {
        let a = a.sorted(), b = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < a.count && j < b.count {
            let x = min(a[i], b[j])
            while i < a.count && a[i] <= x { i += 1 }
            while j < b.count && b[j] <= x { j += 1 }
            d = max(d, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return d
    }
}
