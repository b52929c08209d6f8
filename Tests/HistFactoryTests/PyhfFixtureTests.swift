import XCTest
@testable import HistFactory

/// Every workspace of fixtures/pyhf against pyhf 0.7.6: layout, logpdf, expected data, fits,
/// Asimov data, CLs, p₀, limits, profile intervals and the Fisher σ_μ.
final class PyhfFixtureTests: XCTestCase {
    private func forEachCase(_ body: (PyhfCase, Workspace, Model) throws -> Void) throws {
        let files = try Fixtures.caseFiles()
        XCTAssertGreaterThanOrEqual(files.count, 10, "expected the pyhf fixture spread in fixtures/pyhf")
        for file in files {
            let fixture = try Fixtures.decode(PyhfCase.self, file)
            let (workspace, model) = try Fixtures.model(workspace: fixture.workspace, codes: fixture.interpcodes)
            try body(fixture, workspace, model)
        }
    }

    func testLayoutMatchesPyhf() throws {
        try forEachCase { fixture, workspace, model in
            XCTAssertEqual(model.parameterNames, fixture.par_names, fixture.case)
            XCTAssertEqual(model.poiName, fixture.poi, fixture.case)
            XCTAssertEqual(model.suggestedInit, fixture.suggested_init, fixture.case)
            XCTAssertEqual(model.suggestedBounds.map { [$0.lower, $0.upper] }, fixture.suggested_bounds, fixture.case)
            XCTAssertEqual(model.suggestedFixed, fixture.suggested_fixed, fixture.case)
            XCTAssertRelativelyEqual(model.auxdata, fixture.auxdata, 1e-14, fixture.case)
            let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            XCTAssertRelativelyEqual(data, fixture.data, 1e-14, fixture.case)
        }
    }

    func testLogpdfAndExpectedData() throws {
        try forEachCase { fixture, _, model in
            for point in fixture.points {
                XCTAssertRelativelyEqual(model.logpdf(point.pars, data: fixture.data), point.logpdf, 1e-9, "\(fixture.case) logpdf at \(point.pars)")
                XCTAssertRelativelyEqual(model.expectedData(point.pars), point.expected_data, 1e-10, absolute: 1e-12, "\(fixture.case) expected data")
            }
            if let nominal = fixture.nominal_asimov {
                XCTAssertRelativelyEqual(model.nominalAsimovData, nominal, 1e-12, absolute: 1e-12, fixture.case)
            }
        }
    }

    func testFitsAndUncertainties() throws {
        try forEachCase { fixture, _, model in
            guard let reference = fixture.fit else { return }
            let result = model.fit(data: fixture.data)
            XCTAssertTrue(result.converged, "\(fixture.case): EDM \(result.status.edm)")
            XCTAssertRelativelyEqual(result.twiceNLL, reference.twice_nll, 1e-10, fixture.case)
            XCTAssertRelativelyEqual(result.parameters, reference.bestfit, 1e-6, absolute: 1e-6, "\(fixture.case) best fit")
            if let uncertainties = reference.uncertainties {
                XCTAssertRelativelyEqual(result.uncertainties, uncertainties, 1e-5, absolute: 1e-8, "\(fixture.case) uncertainties")
            }
            if let conditional = fixture.fixed_poi_fit {
                let ours = model.fixedPOIFit(poiValue: conditional.poi_value, data: fixture.data)
                XCTAssertRelativelyEqual(ours.twiceNLL, conditional.twice_nll, 1e-10, fixture.case)
                XCTAssertRelativelyEqual(ours.parameters, conditional.bestfit, 1e-6, absolute: 1e-6, "\(fixture.case) conditional fit")
            }
        }
    }

    /// The Asimov auxiliary data are fitted nuisance parameters; the reference fits stop at
    /// |∇| ≈ 1e-7 (see each fixture's precision_notes), so near-zero values carry ~1e-7 absolute.
    func testAsimovData() throws {
        try forEachCase { fixture, _, model in
            for (key, expected) in fixture.asimov ?? [:] {
                let mu = key == "mu1" ? 1.0 : 0.0
                let ours = model.asimovData(poiValue: mu, fittedTo: fixture.data)
                XCTAssertRelativelyEqual(ours, expected, 1e-6, absolute: 1e-7, "\(fixture.case) Asimov \(key)")
            }
        }
    }

    func testHypotestsAndDiscovery() throws {
        try forEachCase { fixture, _, model in
            for reference in fixture.hypotest ?? [] {
                let statistic = try XCTUnwrap(TestStatistic(rawValue: reference.test_stat))
                let result = AsymptoticCalculator(model: model, data: fixture.data, statistic: statistic).hypotest(poiValue: reference.mu)
                XCTAssertRelativelyEqual(result.observed, reference.cls_obs, 1e-5, "\(fixture.case) CLs \(statistic) μ=\(reference.mu)")
                XCTAssertRelativelyEqual(result.expectedBand, reference.cls_exp, 1e-5, "\(fixture.case) CLs band \(statistic) μ=\(reference.mu)")
            }
            if let discovery = fixture.discovery {
                let result = AsymptoticCalculator(model: model, data: fixture.data, statistic: .q0).hypotest(poiValue: 0)
                XCTAssertRelativelyEqual(result.observed, discovery.p0_obs, 1e-5, "\(fixture.case) p0")
                XCTAssertRelativelyEqual(result.expectedBand, discovery.p0_exp, 1e-5, "\(fixture.case) p0 band")
            }
        }
    }

    func testUpperLimits() throws {
        try forEachCase { fixture, _, model in
            guard let reference = fixture.upper_limit else { return }
            let limit = try AsymptoticCalculator(model: model, data: fixture.data, statistic: .qtilde).upperLimit()
            XCTAssertRelativelyEqual(limit.observed, reference.obs, 1e-6, "\(fixture.case) observed limit")
            XCTAssertRelativelyEqual(limit.expected, reference.exp, 1e-6, "\(fixture.case) expected limits")
        }
    }

    func testProfileIntervals() throws {
        try forEachCase { fixture, _, model in
            guard let reference = fixture.profile else { return }
            let scan = try model.profileLikelihoodScan(data: fixture.data, points: 3)
            XCTAssertEqual(scan.muHat, reference.mu_hat, accuracy: 1e-6, fixture.case)
            XCTAssertEqual(scan.interval.lower, reference.interval[0], accuracy: 1e-7, "\(fixture.case) lower end")
            XCTAssertEqual(scan.interval.upper, reference.interval[1], accuracy: 1e-7, "\(fixture.case) upper end")
        }
    }

    func testFisherUncertainty() throws {
        try forEachCase { fixture, _, model in
            guard let reference = fixture.fisher else { return }
            let fisher = try model.fisherInformation()
            XCTAssertEqual(fisher.parameterNames, reference.free_parameters, fixture.case)
            XCTAssertRelativelyEqual(try XCTUnwrap(fisher.poiUncertainty), reference.poi_uncertainty, 1e-9, fixture.case)
        }
    }
}
