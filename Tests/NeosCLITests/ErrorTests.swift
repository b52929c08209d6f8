import Foundation
import XCTest
@testable import NeosCLI

/// Every failure prints `error: ` and names the place, and no `--plot` file is written.
final class ErrorTests: CommandTestCase {
    private func assertScanFails(_ workspace: WorkspaceText, mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let path = try write(workspace.json)
        try assertFails(["scan", path, "--plot", self.path("scan.svg")], mentions: [path] + mentions, file: file, line: line)
    }

    func testMissingFile() throws {
        let missing = path("nowhere.json")
        try assertFails(["fit", missing], mentions: [missing, "no such file"])
    }

    func testMalformedJSON() throws {
        let path = try write(#"{"channels": [ "#)
        try assertFails(["limit", path, "--plot", self.path("limit.svg")], mentions: [path, "malformed JSON"])
    }

    func testUnknownModifierType() throws {
        var workspace = WorkspaceText()
        workspace.backgroundModifiers = #"[{"name": "uncorr", "type": "shapesyst", "data": [7]}]"#
        try assertScanFails(workspace, mentions: ["channels[0].samples[1].modifiers[0]", "unknown modifier type 'shapesyst'"])
    }

    func testBinCountMismatch() throws {
        try assertScanFails(WorkspaceText(background: "[50, 20]"), mentions: ["channels[0].samples[1].data", "expected 1 bins, found 2"])
    }

    func testMissingObservation() throws {
        try assertScanFails(WorkspaceText(observations: "[]"), mentions: ["observations", "missing observation for channel 'SR'"])
    }

    func testPOINotAParameter() throws {
        try assertScanFails(WorkspaceText(poi: "nu"), mentions: ["measurements[0].config.poi", "'nu'"])
    }

    func testNegativeYield() throws {
        try assertScanFails(WorkspaceText(background: "[-50]"), mentions: ["channels[0].samples[1].data[0]", "non-negative"])
    }

    func testInitOutsideBounds() throws {
        let parameters = #"[{"name": "mu", "inits": [20], "bounds": [[0, 10]]}]"#
        try assertScanFails(WorkspaceText(parameters: parameters), mentions: ["measurements[0].config.parameters[0]", "outside its bounds"])
    }

    func testUnknownMeasurement() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["fit", path, "--measurement", "other"], mentions: [path, "no measurement named 'other'", "meas"])
    }

    func testUnknownSetNameSuggestsCloseNames() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["eval", path, "--set", "muu=1"], mentions: ["--set", "'muu'", "did you mean 'mu'"])
        try assertFails(["eval", path, "--set", "uncorr=1"], mentions: ["did you mean 'uncorr[0]'"])
        try assertFails(["eval", path, "--set", "signal_strength=1"], mentions: ["mu, uncorr[0…0]"])
        try assertFails(["eval", path, "--set", "mu=1", "--set", "mu=2"], mentions: ["given twice"])
    }

    func testNonFiniteOrMalformedAssignments() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["eval", path, "--set", "mu=inf"], mentions: ["--set", "not a finite number"])
        try assertFails(["eval", path, "--set", "mu"], mentions: ["expected NAME=VALUE"])
        try assertFails(["fit", path, "--fix", "mu=nan"], mentions: ["--fix", "not a finite number"])
    }

    func testFixOutsideBounds() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["fit", path, "--fix", "mu=-1"], mentions: ["--fix", "outside the bounds", "'mu'"])
    }

    func testBadInterpolationCode() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["scan", path, "--interpcode", "normsys=code3", "--plot", self.path("scan.svg")], mentions: ["--interpcode", "'code3'"])
        try assertFails(["eval", path, "--interpcode", "shapesys=code1"], mentions: ["--interpcode", "not 'shapesys'"])
        try assertFails(["eval", path, "--interpcode", "code1"], mentions: ["--interpcode", "TYPE=CODE"])
    }

    func testOptionValuesAreValidated() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["scan", path, "--points", "1"], mentions: ["--points"])
        try assertFails(["scan", path, "--range", "2:1"], mentions: ["--range", "LO < HI"])
        try assertFails(["scan", path, "--range", "-1:2", "--plot", self.path("scan.svg")], mentions: ["--range", "bounds [0.0, 10.0]"])
        try assertFails(["limit", path, "--level", "1.5"], mentions: ["--level"])
        try assertFails(["limit", path, "--test-stat", "q0"], mentions: ["qtilde or q"])
        try assertFails(["hypotest", path, "--test-stat", "q0", "--mu", "1"], mentions: ["q0 tests μ = 0"])
        try assertFails(["hypotest", path, "--test-stat", "t"], mentions: ["--test-stat"])
        try assertFails(["bench", "fit", path, "--runs", "0"], mentions: ["--runs"])
    }

    func testUnknownOptionIsAParseError() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["fit", path, "--bogus"], mentions: ["Unknown option '--bogus'", "Usage: neos fit"])
        XCTAssertEqual(NeosCommand.exitCode(for: CommandError("x")), .failure)
    }

    func testMalformedReferenceTimings() throws {
        let path = try write(WorkspaceText().json)
        let reference = try write("not json", to: "timings.json")
        try assertFails(["bench", "fit", path, "--runs", "1", "--reference", reference], mentions: ["--reference", "malformed JSON"])
        try assertFails(["bench", "fit", path, "--runs", "1", "--reference", self.path("none.json")], mentions: ["--reference", "no such file"])
    }
}
