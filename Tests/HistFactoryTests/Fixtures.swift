import Foundation
import XCTest
@testable import HistFactory

/// Reference numbers written by `fixtures/generate.py` (pyhf 0.7.6, run by hand) and read here.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fixtures")

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

    static func decode<T: Decodable>(_ type: T.Type, _ relative: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(relative)))
    }

    /// The per-workspace fixture files: fixtures/pyhf/*.json but the shared tables, and the ROOT
    /// validation workspaces in fixtures/pyhf/validation/.
    static func caseFiles() throws -> [String] {
        func list(_ folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: url(folder).path)
                .filter { $0.hasSuffix(".json") && !["interpolation.json", "root_validation.json"].contains($0) }
                .sorted()
                .map { "\(folder)/\($0)" }
        }
        return try list("pyhf") + list("pyhf/validation")
    }

    static func model(workspace relative: String, codes: [String: String]) throws -> (Workspace, Model) {
        let workspace = try Workspace.load(from: url(relative).path)
        var interpolation = InterpolationCodes.pyhfDefaults
        for (type, code) in codes.sorted(by: { $0.key < $1.key }) { try interpolation.apply(setting: "\(type)=\(code)") }
        return (workspace, try Model(workspace: workspace, interpolationCodes: interpolation))
    }
}

/// One `fixtures/pyhf/<case>.json`.
struct PyhfCase: Decodable {
    struct Point: Decodable {
        let pars: [Double]
        let logpdf: Double
        let expected_data: [Double]
    }
    struct Fit: Decodable {
        let bestfit: [Double]
        let twice_nll: Double
        let uncertainties: [Double]?
    }
    struct FixedPOIFit: Decodable {
        let poi_value: Double
        let bestfit: [Double]
        let twice_nll: Double
    }
    struct Hypotest: Decodable {
        let mu: Double
        let test_stat: String
        let cls_obs: Double
        let cls_exp: [Double]
    }
    struct Discovery: Decodable {
        let p0_obs: Double
        let p0_exp: [Double]
    }
    struct Limit: Decodable {
        let obs: Double
        let exp: [Double]
    }
    struct Profile: Decodable {
        let mu_hat: Double
        let interval: [Double]
    }
    struct Fisher: Decodable {
        let poi_uncertainty: Double
        let free_parameters: [String]
    }

    let `case`: String
    let workspace: String
    let interpcodes: [String: String]
    let poi: String
    let par_names: [String]
    let suggested_init: [Double]
    let suggested_bounds: [[Double]]
    let suggested_fixed: [Bool]
    let auxdata: [Double]
    let data: [Double]
    let points: [Point]
    let fit: Fit?
    let fixed_poi_fit: FixedPOIFit?
    let asimov: [String: [Double]]?
    let hypotest: [Hypotest]?
    let discovery: Discovery?
    let upper_limit: Limit?
    let profile: Profile?
    let nominal_asimov: [Double]?
    let fisher: Fisher?
}

func XCTAssertRelativelyEqual(
    _ actual: Double, _ expected: Double, _ tolerance: Double, absolute: Double = 0, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    let allowed = max(tolerance * abs(expected), absolute)
    XCTAssertTrue(abs(actual - expected) <= allowed || (actual.isNaN && expected.isNaN),
                  "\(actual) != \(expected) within \(allowed): \(message())", file: file, line: line)
}

func XCTAssertRelativelyEqual(
    _ actual: [Double], _ expected: [Double], _ tolerance: Double, absolute: Double = 0, _ message: @autoclosure () -> String = "",
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(actual.count, expected.count, "length: \(message())", file: file, line: line)
    for (k, (a, e)) in zip(actual, expected).enumerated() {
        XCTAssertRelativelyEqual(a, e, tolerance, absolute: absolute, "[\(k)] \(message())", file: file, line: line)
    }
}
