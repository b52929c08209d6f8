import Foundation
import XCTest
@testable import NeosCLI

/// `neos hypotest --patch PATCHSET --patch-name NAME` on the ten published eRJR signal points
/// reproduces the reference CLs of fixtures/published/references.json (pyhf 0.7.6's calculator
/// with the lowest minima any method found); the library tests cover the `--patch FILE` route.
final class PublishedLikelihoodCommandTests: CommandTestCase {
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private struct Reference: Decodable {
        struct Case: Decodable {
            struct Hypotest: Decodable { let cls_obs: Double; let cls_exp: [Double] }
            let workspace: String
            let patchset: String?
            let patch_name: String?
            let hypotest: Hypotest
        }
        let cases: [Case]
    }

    private struct Output: Decodable {
        let cls_obs: Double
        let cls_exp: [Double]
    }

    func testHypotestThroughThePatchSetMatchesTheReference() throws {
        let data = try Data(contentsOf: Self.repository.appendingPathComponent("fixtures/published/references.json"))
        let published = try JSONDecoder().decode(Reference.self, from: data).cases.filter { $0.patch_name != nil }
        XCTAssertEqual(published.count, 10)
        func agree(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-4 || abs(a - b) <= 1e-3 * abs(b) }
        for c in published {
            let arguments = [
                "hypotest", Self.repository.appendingPathComponent(c.workspace).path,
                "--patch", Self.repository.appendingPathComponent(c.patchset!).path, "--patch-name", c.patch_name!, "--json",
            ]
            let result = try JSONDecoder().decode(Output.self, from: Data(output(arguments).utf8))
            XCTAssertTrue(agree(result.cls_obs, c.hypotest.cls_obs), "\(c.patch_name!): \(result.cls_obs) vs \(c.hypotest.cls_obs)")
            for (ours, theirs) in zip(result.cls_exp, c.hypotest.cls_exp) {
                XCTAssertTrue(agree(ours, theirs), "\(c.patch_name!): \(result.cls_exp) vs \(c.hypotest.cls_exp)")
            }
        }
    }
}
