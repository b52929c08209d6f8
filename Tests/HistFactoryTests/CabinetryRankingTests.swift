import Foundation
import XCTest
@testable import HistFactory

/// The impact ranking against cabinetry 0.6.0's `fit.ranking` (`fixtures/cabinetry/`, written by
/// `generate_cabinetry.py`): the same parameters, and the same pre- and post-fit impacts. cabinetry's
/// default MINUIT settings stop up to 0.008 from the minimum, so the comparison is with its run at
/// strategy 2 and tolerance 10⁻⁶, whose minima agree with the exact ones. Post-fit impacts hold θ
/// at θ̂ ± Δθ, and cabinetry's Δθ is MINUIT's error mapped through its bound transformation
/// (`Int2extError`), up to 4% from √[H⁻¹]_ii near a bound, which neos reports; the post-fit
/// comparison therefore holds θ at cabinetry's Δθ, so that it checks the refits themselves.
final class CabinetryRankingTests: XCTestCase {
    struct Case: Decodable {
        struct Ranking: Decodable {
            var labels: [String]
            var prefit_up: [Double]
            var prefit_down: [Double]
            var postfit_up: [Double]
            var postfit_down: [Double]
        }
        var name: String
        var workspace: String
        var ranking_tight_not_default: Ranking
        var fit_tight_not_default: Fit

        struct Fit: Decodable {
            var labels: [String]
            var uncertainty: [Double]
        }
    }

    struct Report: Decodable { var cases: [Case] }

    func testImpactsMatchCabinetry() throws {
        let report = try Fixtures.decode(Report.self, "cabinetry/cabinetry_report.json")
        XCTAssertEqual(report.cases.count, 4)
        for reference in report.cases {
            let relative = reference.workspace.hasPrefix("fixtures/") ? String(reference.workspace.dropFirst("fixtures/".count)) : "../" + reference.workspace
            let (workspace, model) = try Fixtures.model(workspace: relative, codes: [:])
            let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            var fit = model.fit(data: data)
            for (label, uncertainty) in zip(reference.fit_tight_not_default.labels, reference.fit_tight_not_default.uncertainty) {
                let index = try XCTUnwrap(model.parameterIndex(named: label))
                XCTAssertEqual(fit.uncertainties[index], uncertainty, accuracy: 0.05 * uncertainty, "\(reference.name) \(label): Δθ")
                fit.uncertainties[index] = uncertainty
            }
            let ranking = model.impactRanking(data: data, fit: fit)
            let theirs = reference.ranking_tight_not_default
            // cabinetry lists fixed parameters too, with no impact; we leave them out.
            let fixed = Set(model.parameterNames.indices.filter { model.suggestedFixed[$0] }.map { model.parameterNames[$0] })
            XCTAssertEqual(Set(ranking.entries.map(\.name)), Set(theirs.labels).subtracting(fixed), "\(reference.name): the ranked parameters")
            for (k, label) in theirs.labels.enumerated() {
                guard let ours = ranking.entries.first(where: { $0.name == label }) else {
                    XCTAssertTrue(fixed.contains(label), "\(reference.name): \(label) not ranked")
                    XCTAssertEqual([theirs.prefit_up[k], theirs.prefit_down[k], theirs.postfit_up[k], theirs.postfit_down[k]], [0, 0, 0, 0])
                    continue
                }
                let pairs = [("prefit up", ours.prefitUp, theirs.prefit_up[k]), ("prefit down", ours.prefitDown, theirs.prefit_down[k]),
                             ("postfit up", ours.postfitUp, theirs.postfit_up[k]), ("postfit down", ours.postfitDown, theirs.postfit_down[k])]
                for (what, mine, cabinetry) in pairs {
                    XCTAssertEqual(mine, cabinetry, accuracy: 2e-5 + 0.001 * abs(cabinetry), "\(reference.name) \(label) \(what)")
                }
            }
        }
    }
}
