import XCTest
@testable import HistFactory

/// The ten ROOT-HistFactory validation cases of pyhf's `tests/test_validation.py` (reference notes
/// §3.10), as written by `fixtures/generate.py` into `fixtures/pyhf/root_validation.json`.
///
/// The published CLs values were produced by fits that stop early (ROOT/MINUIT, then pyhf's
/// default SLSQP, whose numbers pyhf 0.7.6 pins); the fixture generator re-ran every case with pyhf
/// 0.7.6 minimised exactly (jax gradients, SLSQP at 1e-14, multi-start), which moves the numbers by
/// 2e-5 … 3e-4 relative and, in `2bin_2channel_coupledhistosys`, onto a deeper minimum (its code0
/// histosys has local minima on both sides of the kink). We match the exact pyhf numbers at 1e-6,
/// the tightest tolerance pyhf's own test uses, and are never farther from the published numbers
/// than exact pyhf is.
final class RootValidationTests: XCTestCase {
    struct Case: Decodable {
        let `case`: String
        let workspace: String
        let interpcodes: [String: String]
        let mu: Double
        let test_stat: String
        let cls_obs: Double
        let cls_exp: [Double]
        let rtol: Double
        let pyhf_tight_cls_obs: Double
        let pyhf_tight_cls_exp: [Double]
    }

    func testValidationCases() throws {
        let cases = try Fixtures.decode([Case].self, "pyhf/root_validation.json")
        XCTAssertEqual(cases.count, 10)
        for validation in cases {
            let (workspace, model) = try Fixtures.model(workspace: validation.workspace, codes: validation.interpcodes)
            let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            let statistic = try XCTUnwrap(TestStatistic(rawValue: validation.test_stat))
            let result = AsymptoticCalculator(model: model, data: data, statistic: statistic).hypotest(poiValue: validation.mu)
            let ours = [result.observed] + result.expectedBand
            let exact = [validation.pyhf_tight_cls_obs] + validation.pyhf_tight_cls_exp
            let published = [validation.cls_obs] + validation.cls_exp
            XCTAssertRelativelyEqual(ours, exact, 1e-6, "\(validation.case) against exactly minimised pyhf")
            if validation.case == "2bin_2channel_coupledhistosys" { continue }
            for (k, (value, reference)) in zip(ours, published).enumerated() {
                let exactDistance = abs(exact[k] - reference)
                XCTAssertLessThanOrEqual(abs(value - reference), exactDistance + validation.rtol * abs(reference),
                                         "\(validation.case)[\(k)] farther from the published value than exact pyhf")
            }
        }
    }
}
