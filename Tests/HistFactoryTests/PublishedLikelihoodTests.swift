import Foundation
import XCTest
@testable import HistFactory

/// The ten signal points of the published ATLAS SUSY 3L eRJR likelihood (background-only
/// workspace + RFC 6902 patch) and the synthetic stress models, against the lowest −2 log L that
/// pyhf scipy, pyhf minuit and a multi-start search reached and pyhf 0.7.6's asymptotic CLs with
/// those fits (fixtures/published/generate_published.py, run by hand).
final class PublishedLikelihoodTests: XCTestCase {
    struct Reference: Decodable {
        struct Case: Decodable {
            struct Fit: Decodable { let twice_nll: Double; let bestfit: [Double] }
            struct Asimov: Decodable {
                let data: [Double]
                let fit: Fit
                let fixed_poi_fit_mu1: Fit
            }
            struct Hypotest: Decodable { let cls_obs: Double; let cls_exp: [Double] }
            let name: String
            let workspace: String
            let patch: String?
            let patchset: String?
            let patch_name: String?
            let par_names: [String]
            let fit: Fit
            let fixed_poi_fit: Fit
            let asimov: Asimov
            let hypotest: Hypotest
        }
        let cases: [Case]
    }

    static let repository = Fixtures.directory.deletingLastPathComponent()
    static let reference = Result { try Fixtures.decode(Reference.self, "published/references.json") }

    static func model(_ c: Reference.Case) throws -> (Model, [Double]) {
        let patches = try c.patch.map { [try JSONPatch.load(from: repository.appendingPathComponent($0).path)] } ?? []
        let workspace = try Workspace.load(from: repository.appendingPathComponent(c.workspace).path, patches: patches)
        let model = try Model(workspace: workspace)
        return (model, try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata)
    }

    /// Within 1e-4 absolute or 1e-3 relative, as the issue states the CLs agreement.
    static func clsAgree(_ a: Double, _ b: Double) -> Bool {
        abs(a - b) <= 1e-4 || abs(a - b) <= 1e-3 * abs(b)
    }

    func testEveryFitConvergesToTheReferenceMinimum() throws {
        let reference = try Self.reference.get()
        XCTAssertEqual(reference.cases.filter { $0.patch != nil }.count, 10)
        XCTAssertGreaterThanOrEqual(reference.cases.filter { $0.patch == nil }.count, 5)
        for c in reference.cases {
            let (model, data) = try Self.model(c)
            XCTAssertEqual(model.parameterNames, c.par_names, c.name)
            let free = model.fit(data: data, computeUncertainties: false)
            let conditional = model.fixedPOIFit(poiValue: 1, data: data, warmStarts: [free.parameters])
            let asimovFree = model.fit(data: c.asimov.data, computeUncertainties: false)
            let asimovConditional = model.fixedPOIFit(poiValue: 1, data: c.asimov.data, warmStarts: [asimovFree.parameters])
            for (label, ours, theirs) in [
                ("fit", free, c.fit), ("fit at mu = 1", conditional, c.fixed_poi_fit),
                ("fit to the Asimov data", asimovFree, c.asimov.fit), ("fit at mu = 1 to the Asimov data", asimovConditional, c.asimov.fixed_poi_fit_mu1),
            ] {
                XCTAssertTrue(ours.converged, "\(c.name) \(label): \(ours.status)")
                XCTAssertEqual(ours.twiceNLL, theirs.twice_nll, accuracy: 1e-4, "\(c.name) \(label)")
            }
        }
    }

    func testHypotestsMatchTheReferenceCLs() throws {
        for c in try Self.reference.get().cases {
            let (model, data) = try Self.model(c)
            let result = AsymptoticCalculator(model: model, data: data, statistic: .qtilde).hypotest(poiValue: 1)
            XCTAssertTrue(result.fits.unconverged.isEmpty, "\(c.name): \(result.fits.unconverged.map(\.name))")
            XCTAssertTrue(Self.clsAgree(result.observed, c.hypotest.cls_obs), "\(c.name) CLs obs \(result.observed) vs \(c.hypotest.cls_obs)")
            for (ours, theirs) in zip(result.expectedBand, c.hypotest.cls_exp) {
                XCTAssertTrue(Self.clsAgree(ours, theirs), "\(c.name) CLs exp \(result.expectedBand) vs \(c.hypotest.cls_exp)")
            }
        }
    }
}
