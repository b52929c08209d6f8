import XCTest
@testable import HistFactory

/// The neos-like model of the reference notes (§3.11): signal [5, 10] with normfactor μ,
/// background [50, 60] with histosys hi [55, 62], lo [46, 59]; numbers from pyhf 0.7.6.
final class NeosLikeModelTests: XCTestCase {
    static let workspace = Workspace(
        channels: [.init(name: "singlechannel", samples: [
            .init(name: "signal", data: [5, 10], modifiers: [.init(name: "mu", kind: .normfactor)]),
            .init(name: "background", data: [50, 60], modifiers: [
                .init(name: "correlated_bkg_uncertainty", kind: .histosys(hiData: [55, 62], loData: [46, 59])),
            ]),
        ])],
        observations: [.init(name: "singlechannel", data: [55, 70])],
        measurements: [.init(name: "m", config: .init(poi: "mu"))]
    )

    func testLayoutMatchesPyhf() throws {
        let model = try Model(workspace: Self.workspace)
        XCTAssertEqual(model.parameterNames, ["correlated_bkg_uncertainty", "mu"])
        XCTAssertEqual(model.poiIndex, 1)
        XCTAssertEqual(model.suggestedInit, [0, 1])
        XCTAssertEqual(model.suggestedBounds, [Bounds(-5, 5), Bounds(0, 10)])
        XCTAssertEqual(model.auxdata, [0])
    }

    func testLogpdfAndExpectedData() throws {
        let model = try Model(workspace: Self.workspace)
        XCTAssertEqual(model.expectedData([0, 1]), [55, 70, 0])
        XCTAssertEqual(model.expectedData([0, 0]), [50, 60, 0])
        XCTAssertEqual(model.logpdf([0, 1], data: [55, 70, 0]), -6.887435416168, accuracy: 1e-11)
        XCTAssertEqual(model.logpdf([0, 0], data: [50, 60, 0]), -6.763054903916, accuracy: 1e-11)
    }

    /// On Asimov data the Hessian of the NLL is the Fisher information Σ_b ∂ν_b ∂ν_bᵀ / ν_b + 1/σ²,
    /// with ∂ν/∂α = (hi − lo)/2 (code4p slope at 0) and ∂ν/∂μ = signal; pyhf's (jax) Hessian of the
    /// notes agrees to the 1e-7 its printout carries.
    func testHessianIsTheFisherInformationOnAsimovData() throws {
        let model = try Model(workspace: Self.workspace)
        let h = model.negativeLogLikelihood([0, 1], data: [55, 70, 0], order: 2).hessian!
        let dAlpha = [4.5, 1.5], dMu = [5.0, 10.0], rate = [55.0, 70.0]
        XCTAssertEqual(h[0, 0], 1 + (0..<2).map { dAlpha[$0] * dAlpha[$0] / rate[$0] }.reduce(0, +), accuracy: 1e-14)
        XCTAssertEqual(h[0, 1], (0..<2).map { dAlpha[$0] * dMu[$0] / rate[$0] }.reduce(0, +), accuracy: 1e-14)
        XCTAssertEqual(h[1, 0], h[0, 1])
        XCTAssertEqual(h[1, 1], (0..<2).map { dMu[$0] * dMu[$0] / rate[$0] }.reduce(0, +), accuracy: 1e-14)
        XCTAssertEqual(h[0, 0], 1.4003255, accuracy: 1e-6)
        XCTAssertEqual(h[1, 1], 1.88312015, accuracy: 1e-5)
    }
}

extension NeosLikeModelTests {
    func testFitsReproducePyhf() throws {
        let model = try Model(workspace: Self.workspace)
        let free = model.fit(data: [55, 70, 0])
        XCTAssertTrue(free.converged)
        XCTAssertEqual(free.parameters[0], 0, accuracy: 1e-9)
        XCTAssertEqual(free.parameters[1], 1, accuracy: 1e-9)
        // σ_μ at μ = 1 on Asimov μ = 1 data, from the notes (pyhf inv(−H)).
        XCTAssertEqual(free.uncertainties[1], 0.7891862, accuracy: 1e-6)
        XCTAssertEqual(free.uncertainties[0], 0.9151747, accuracy: 1e-6)
        let conditional = model.fixedPOIFit(poiValue: 1, data: [50, 60, 0])
        // The notes quote pyhf's default SLSQP result −0.37717, which stops early; the exact
        // stationary point (brentq on ∂NLL/∂α = 0 to 1e-14 in scipy) is −0.377255040212442.
        XCTAssertEqual(conditional.parameters[0], -0.377255040212442, accuracy: 1e-11)
        XCTAssertEqual(conditional.parameters[0], -0.3771724283, accuracy: 1e-4)
        XCTAssertEqual(model.negativeLogLikelihood(conditional.parameters, data: [50, 60, 0]).gradient[0], 0, accuracy: 1e-11)
        let unconditional = model.fit(data: [50, 60, 0], computeUncertainties: false)
        XCTAssertEqual(conditional.twiceNLL - unconditional.twiceNLL, 1.743897309, accuracy: 1e-8)
    }
}

extension NeosLikeModelTests {
    /// On background-only Asimov data the observed CLs is the median expected one,
    /// 2(1 − Φ(√q_{1,A})) (notes §3.11, pyhf 0.7.6).
    func testHypotestOnAsimovData() throws {
        let model = try Model(workspace: Self.workspace)
        for statistic in [TestStatistic.q, .qtilde] {
            let calculator = AsymptoticCalculator(model: model, data: [50, 60, 0], statistic: statistic)
            let result = calculator.hypotest(poiValue: 1)
            XCTAssertEqual(result.observed, 0.1866457686, accuracy: 1e-6)
            let expected = [0.01974379326, 0.06400740678, 0.1866457686, 0.4448464922, 0.7690645334]
            for (ours, theirs) in zip(result.expectedBand, expected) { XCTAssertEqual(ours, theirs, accuracy: 1e-6) }
        }
        let discovery = AsymptoticCalculator(model: model, data: [55, 70, 0], statistic: .q0).hypotest(poiValue: 0)
        XCTAssertEqual(discovery.observedStatistic, 1.651200266, accuracy: 1e-6)
        XCTAssertEqual(discovery.observed, 0.09939782357, accuracy: 1e-7)
        XCTAssertEqual(discovery.observedSignificance, 1.284990376, accuracy: 1e-6)
    }

    func testFisherUncertaintyAtNominal() throws {
        let model = try Model(workspace: Self.workspace)
        let fisher = try model.fisherInformation()
        XCTAssertEqual(fisher.poiUncertainty!, 0.7891862, accuracy: 1e-6)
    }
}
