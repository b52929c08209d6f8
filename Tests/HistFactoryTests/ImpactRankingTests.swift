import XCTest
@testable import HistFactory

final class ImpactRankingTests: XCTestCase {
    /// Near the minimum the likelihood is close to Gaussian, where holding θ at θ̂ ± Δθ moves μ̂ by
    /// ± Cov(μ, θ) Δθ / Var(θ): the symmetrised post-fit impact must agree with the fit's
    /// covariance (asymmetric interpolation, e.g. of jer and pileup here, skews up against down).
    func testPostfitImpactsFollowTheCovarianceOfANearlyGaussianFit() throws {
        let (workspace, model) = try Fixtures.model(workspace: "../notebooks-data/example-workspace.json", codes: [:])
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        let fit = model.fit(data: data)
        let covariance = try XCTUnwrap(fit.covariance)
        let ranking = model.impactRanking(data: data, fit: fit)
        XCTAssertEqual(ranking.entries.count, model.parameterCount - 1, "every free parameter but the POI")
        XCTAssertFalse(ranking.entries.contains { $0.index == model.poiIndex })
        let poi = model.poiIndex
        for entry in ranking.entries {
            let linear = covariance[poi, entry.index] / covariance[entry.index, entry.index] * entry.uncertainty
            let scale = max(abs(linear), 1e-3)
            XCTAssertEqual((entry.postfitUp - entry.postfitDown) / 2, linear, accuracy: 0.03 * scale, entry.name)
            XCTAssertLessThan(entry.postfitUp * entry.postfitDown, 1e-12, "\(entry.name): up and down shift μ̂ apart")
            XCTAssertEqual(entry.unconvergedRefits, 0, entry.name)
        }
        let magnitudes = ranking.entries.map(\.postfitMagnitude)
        XCTAssertEqual(magnitudes, magnitudes.sorted(by: >), "largest post-fit impact first")
    }

    /// Unconstrained parameters have no prior width, so no pre-fit impact; Poisson-constrained
    /// ones take 1/√τ.
    func testPriorWidthsFollowTheConstraints() throws {
        let (_, model) = try Fixtures.model(workspace: "workspaces/shapesys.json", codes: [:])
        let widths = model.priorWidths
        XCTAssertNil(widths[model.poiIndex])
        for set in model.parameterSets {
            if case let .poisson(factors) = set.constraint {
                for (k, i) in set.indices.enumerated() { XCTAssertEqual(try XCTUnwrap(widths[i]), 1 / factors[k].squareRoot(), accuracy: 1e-15) }
            }
        }
    }
}
