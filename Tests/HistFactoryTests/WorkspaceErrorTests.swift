import Foundation
import XCTest
@testable import HistFactory

/// Bad workspaces get an error that names the file and the JSON path or parameter.
final class WorkspaceErrorTests: XCTestCase {
    /// A valid one-bin workspace as JSON text, with `{SIGNAL}`-style holes for the tests to fill.
    private func json(
        signal: String = "[10]", background: String = "[50]", modifierType: String = "shapesys",
        modifierData: String = "[7]", observations: String = #"[{"name": "SR", "data": [55]}]"#,
        poi: String = "mu", parameters: String = "[]"
    ) -> Data {
        Data("""
        {"version": "1.0.0",
         "channels": [{"name": "SR", "samples": [
            {"name": "signal", "data": \(signal), "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
            {"name": "background", "data": \(background), "modifiers": [{"name": "unc", "type": "\(modifierType)", "data": \(modifierData)}]}]}],
         "observations": \(observations),
         "measurements": [{"name": "meas", "config": {"poi": "\(poi)", "parameters": \(parameters)}}]}
        """.utf8)
    }

    private func assertError(
        _ bytes: Data, at location: String, contains text: String, buildModel: Bool = false,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let workspace = try Workspace.decode(bytes)
            if buildModel { _ = try Model(workspace: workspace) }
            XCTFail("expected an error at \(location)", file: file, line: line)
        } catch let error as WorkspaceError {
            XCTAssertEqual(error.location, location, "\(error)", file: file, line: line)
            XCTAssertTrue(error.message.contains(text), "'\(error.message)' should mention '\(text)'", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testTheTemplateIsValid() throws {
        let model = try Model(workspace: try Workspace.decode(json()))
        XCTAssertEqual(model.parameterNames, ["mu", "unc[0]"])
    }

    func testMalformedJSON() {
        assertError(Data("{\"channels\": [".utf8), at: "", contains: "malformed JSON")
    }

    func testUnknownModifierType() {
        assertError(json(modifierType: "normsyss"), at: "channels[0].samples[1].modifiers[0].type", contains: "unknown modifier type 'normsyss'")
    }

    func testBinCountMismatch() {
        assertError(json(background: "[50, 3]"), at: "channels[0].samples[1].data", contains: "expected 1 bins, found 2")
        assertError(json(modifierData: "[7, 1]"), at: "channels[0].samples[1].modifiers[0].data", contains: "expected 1 bins, found 2")
        assertError(json(observations: #"[{"name": "SR", "data": [55, 3]}]"#), at: "observations[0].data", contains: "expected 1 bins")
    }

    func testMissingObservation() {
        assertError(json(observations: "[]"), at: "observations", contains: "missing observation for channel 'SR'")
    }

    func testWrongTypesAndMissingKeys() {
        assertError(json(signal: "\"ten\""), at: "channels[0].samples[0].data", contains: "expected an array")
        assertError(Data(#"{"version": "1.0.0", "channels": [], "observations": []}"#.utf8), at: "(top level)", contains: "missing required key 'measurements'")
    }

    func testNonFiniteAndNegativeYields() {
        assertError(json(signal: "[1e400]"), at: "", contains: "not representable")
        var workspace = try! Workspace.decode(json())
        workspace.channels[0].samples[0].data[0] = .nan
        XCTAssertThrowsError(try workspace.validate()) { error in
            XCTAssertEqual((error as? WorkspaceError)?.location, "channels[0].samples[0].data[0]")
        }
        assertError(json(background: "[-5]"), at: "channels[0].samples[1].data[0]", contains: "non-negative")
        assertError(json(modifierType: "normsys", modifierData: #"{"hi": 1.1, "lo": -0.9}"#),
                    at: "channels[0].samples[1].modifiers[0].data.lo", contains: "positive")
    }

    func testPOIThatIsNotAParameter() {
        assertError(json(poi: "xsec"), at: "measurements[0].config.poi", contains: "'xsec' is not a parameter", buildModel: true)
        assertError(json(poi: "unc"), at: "measurements[0].config.poi", contains: "1 components", buildModel: true)
    }

    func testInitsOutsideBounds() {
        assertError(json(parameters: #"[{"name": "mu", "inits": [12], "bounds": [[0, 10]]}]"#),
                    at: "measurements[0].config.parameters[0]", contains: "init 12.0 of 'mu' is outside its bounds", buildModel: true)
        assertError(json(parameters: #"[{"name": "mu", "bounds": [[3, 1]]}]"#),
                    at: "measurements[0].config.parameters[0].bounds[0]", contains: "lower < upper", buildModel: true)
        assertError(json(parameters: #"[{"name": "unc", "inits": [1, 1]}]"#),
                    at: "measurements[0].config.parameters[0].inits", contains: "expected 1 values", buildModel: true)
        assertError(json(parameters: #"[{"name": "mu", "sigmas": [0.1]}]"#),
                    at: "measurements[0].config.parameters[0].sigmas", contains: "no Gaussian constraint", buildModel: true)
    }

    func testLumiNeedsItsConfiguration() {
        assertError(json(modifierType: "lumi", modifierData: "null"), at: "parameter 'unc'", contains: "needs inits, bounds, auxdata, sigmas", buildModel: true)
    }

    func testMissingFileNamesTheFile() {
        XCTAssertThrowsError(try Workspace.load(from: "/nonexistent/ws.json")) { error in
            XCTAssertEqual((error as? WorkspaceError)?.description, "/nonexistent/ws.json: no such file")
        }
    }

    func testErrorsFromFilesCarryTheFileName() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("neos-bad-\(UUID().uuidString).json")
        try json(background: "[-1]").write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try Workspace.load(from: url.path)) { error in
            XCTAssertEqual("\(error)", "\(url.path): at channels[0].samples[1].data[0]: expected a non-negative yield, found -1.0")
        }
    }

    func testUnknownInterpolationSettings() {
        var codes = InterpolationCodes.pyhfDefaults
        XCTAssertThrowsError(try codes.apply(setting: "normsys=code3"))
        XCTAssertThrowsError(try codes.apply(setting: "shapesys=code1"))
        XCTAssertThrowsError(try codes.apply(setting: "code1"))
        XCTAssertNoThrow(try codes.apply(setting: "histosys=code2"))
        XCTAssertEqual(codes.histosys, .code2)
    }

    func testSingularFisherInformationNamesTheParameter() throws {
        // A shapefactor in a bin with zero expected events is not constrained by anything.
        let workspace = Workspace(
            channels: [.init(name: "SR", samples: [
                .init(name: "signal", data: [5, 3], modifiers: [.init(name: "mu", kind: .normfactor)]),
                .init(name: "background", data: [40, 0], modifiers: [.init(name: "free_bkg", kind: .shapefactor)]),
            ])],
            observations: [.init(name: "SR", data: [45, 3])],
            measurements: [.init(name: "m", config: .init(poi: "mu"))]
        )
        let model = try Model(workspace: workspace)
        XCTAssertThrowsError(try model.fisherInformation()) { error in
            XCTAssertEqual((error as? WorkspaceError)?.location, "parameter 'free_bkg[1]'")
        }
    }
}
