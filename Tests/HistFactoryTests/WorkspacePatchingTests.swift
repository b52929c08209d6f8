import Foundation
import XCTest
@testable import HistFactory

/// A workspace read through patches: errors in the result name the chain of files, and the
/// strings "true"/"false" are read for `fixed` (a documented leniency for published files).
final class WorkspacePatchingTests: ScratchDirectoryTestCase {
    private func workspace(fixed: String) -> String {
        #"""
        {"channels": [{"name": "SR", "samples": [{"name": "s", "data": [10], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
                                                  {"name": "b", "data": [50], "modifiers": [{"name": "k", "type": "normfactor", "data": null}]}]}],
         "observations": [{"name": "SR", "data": [55]}],
         "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": [{"name": "k", "fixed": \#(fixed)}]}}],
         "version": "1.0.0"}
        """#
    }

    func testPatchesApplyInOrder() throws {
        let path = try write(workspace(fixed: "true"), "bkg.json")
        let first = try JSONPatch(document: JSONDocument(parsing: Array(#"[{"op": "replace", "path": "/observations/0/data/0", "value": 60}]"#.utf8)), source: "a.json")
        let second = try JSONPatch(document: JSONDocument(parsing: Array(#"[{"op": "test", "path": "/observations/0/data/0", "value": 60.0}]"#.utf8)), source: "b.json")
        XCTAssertEqual(try Workspace.load(from: path, patches: [first, second]).observations[0].data, [60])
    }

    func testAnInvalidPatchedWorkspaceNamesTheChain() throws {
        let background = try JSONPatch.load(from: ERJR.patchFile("ERJR_100p0_20p0"))
        let negative = try JSONPatch(
            document: JSONDocument(parsing: Array(#"[{"op": "replace", "path": "/channels/0/samples/5/data/0", "value": -1.5}]"#.utf8)),
            source: "negative.json"
        )
        XCTAssertThrowsError(try Workspace.load(from: ERJR.background, patches: [background, negative])) { error in
            XCTAssertEqual(
                "\(error)",
                "\(ERJR.background) + \(ERJR.patchFile("ERJR_100p0_20p0")) + negative.json: at channels[0].samples[5].data[0]: expected a non-negative yield, found -1.5"
            )
        }
    }

    func testAPatchThatDoesNotFitTheWorkspaceNamesItsOperation() throws {
        let patch = try JSONPatch(
            document: JSONDocument(parsing: Array(#"[{"op": "add", "path": "/channels/0/samples/9", "value": {}}]"#.utf8)), source: "p.json")
        XCTAssertThrowsError(try Workspace.load(from: ERJR.background, patches: [patch])) { error in
            XCTAssertEqual("\(error)", "p.json: operation 0 (add /channels/0/samples/9): index 9 is past the end of the array (it has 5; 5 or '-' appends)")
        }
    }

    func testFixedAcceptsTheStringsTrueAndFalse() throws {
        for (text, value) in [(#""true""#, true), (#""false""#, false), ("true", true), ("false", false)] {
            let workspace = try Workspace.decode(Data(workspace(fixed: text).utf8))
            XCTAssertEqual(workspace.measurements[0].config.parameters[0].fixed, value, text)
        }
        let fixed = try Model(workspace: Workspace.decode(Data(workspace(fixed: #""true""#).utf8)))
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(fixed.parameterNames, fixed.suggestedFixed)), ["mu": false, "k": true])
    }

    func testFixedRejectsOtherStrings() {
        XCTAssertThrowsError(try Workspace.decode(Data(workspace(fixed: #""yes""#).utf8))) { error in
            let error = error as? WorkspaceError
            XCTAssertEqual(error?.location, "measurements[0].config.parameters[0].fixed")
            XCTAssertEqual(error?.message, #"expected a boolean (or the string "true" or "false"), found the string 'yes'"#)
        }
        XCTAssertThrowsError(try Workspace.decode(Data(workspace(fixed: "1").utf8))) { error in
            XCTAssertEqual((error as? WorkspaceError)?.location, "measurements[0].config.parameters[0].fixed")
        }
    }
}
