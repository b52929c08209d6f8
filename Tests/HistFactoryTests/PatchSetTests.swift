import Foundation
import XCTest
@testable import HistFactory

/// The published ATLAS SUSY 3L eRJR likelihood (notebooks-data/atlas-susy-3l-erjr): a
/// background-only workspace, 10 JSON Patch files and the same 10 patches as a pyhf PatchSet.
enum ERJR {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks-data/atlas-susy-3l-erjr")
    static let background = directory.appendingPathComponent("BkgOnly.json").path
    static let patchSet = directory.appendingPathComponent("patchset.json").path
    static func patchFile(_ name: String) -> String {
        directory.appendingPathComponent("patches/patch.\(name).json").path
    }
    /// What the patch set records in metadata.digests.sha256.
    static let digest = "a20207ad6da9dc3e3e53dc159155a8371d7b44487e03fb4af4c6be20be4ad695"
}

final class PatchSetTests: ScratchDirectoryTestCase {
    private func parse(_ text: String) throws -> JSONDocument {
        try JSONDocument(parsing: Array(text.utf8))
    }

    private func assertError(_ body: @autoclosure () throws -> Any, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    func testShippedPatchSet() throws {
        let set = try PatchSet.load(from: ERJR.patchSet)
        XCTAssertEqual(set.version, "1.0.0")
        XCTAssertEqual(set.name, "atlas-susy-3l-erjr-subset")
        XCTAssertEqual(set.labels, ["m_C1N2", "m_N1"])
        XCTAssertEqual(set.references, ["hepdata": "ins1866951"])
        XCTAssertEqual(set.digests, ["sha256": ERJR.digest])
        XCTAssertEqual(set.patches.count, 10)
        let patch = try set.patch(named: "ERJR_150p0_90p0")
        XCTAssertEqual(patch.values, [.float(150), .float(90)])
        XCTAssertEqual(patch.patch.source, ERJR.patchSet + "[ERJR_150p0_90p0]")
        // This signal point has no events in the first control region: 3 channels get a sample.
        XCTAssertEqual(patch.patch.operations.map(\.summary), ["add /channels/1/samples/5", "add /channels/2/samples/5", "add /channels/3/samples/5"])
    }

    /// pyhf's digest of the shipped background-only workspace is the one the patch set records.
    func testDigestOfTheShippedBackground() throws {
        let background = try Workspace.readDocument(from: ERJR.background)
        XCTAssertEqual(background.pyhfSHA256, ERJR.digest)
        XCTAssertEqual(try PatchSet.load(from: ERJR.patchSet).verify(background: background, named: "BkgOnly.json"), ERJR.digest)
    }

    func testDigestMismatchGivesBothDigests() throws {
        var background = try Workspace.readDocument(from: ERJR.background)
        try background.replace(at: JSONPointer(parsing: "/observations/0/data/0"), with: .float(20))
        let found = background.pyhfSHA256
        XCTAssertNotEqual(found, ERJR.digest)
        assertError(
            try PatchSet.load(from: ERJR.patchSet).verify(background: background, named: "changed.json"),
            "\(ERJR.patchSet): changed.json is not the background-only workspace this patch set was made for: "
                + "expected sha256 \(ERJR.digest) (metadata.digests), found \(found)"
        )
        // Writing 1 as 1.0 changes what Python hashes, so the digest too.
        try background.replace(at: JSONPointer(parsing: "/observations/0/data/0"), with: .integer(20))
        XCTAssertNotEqual(background.pyhfSHA256, found)
    }

    /// Every shipped patch file gives the same workspace as the patch set's entry of that name:
    /// the background with a sixth (signal) sample in each channel the signal reaches (all 4,
    /// or the 3 but CRlow).
    func testPatchFilesMatchThePatchSet() throws {
        let set = try PatchSet.load(from: ERJR.patchSet)
        for entry in set.patches {
            let fromFile = try Workspace.load(from: ERJR.background, patches: [JSONPatch.load(from: ERJR.patchFile(entry.name))])
            let fromSet = try Workspace.load(from: ERJR.background, patches: [entry.patch])
            XCTAssertEqual(fromFile, fromSet, entry.name)
            let patched = entry.patch.operations.count == 4 ? [6, 6, 6, 6] : [5, 6, 6, 6]
            XCTAssertEqual(fromSet.channels.map(\.samples.count), patched, entry.name)
            XCTAssertEqual(fromSet.channels[3].samples[5].modifiers.first?.name, "lumi", entry.name)
            XCTAssertNoThrow(try Model(workspace: fromSet), entry.name)
        }
        XCTAssertEqual(try Workspace.load(from: ERJR.background).channels.map(\.samples.count), [5, 5, 5, 5])
    }

    func testUnknownPatchNameSuggestsCloseNamesOrListsThem() throws {
        let set = try PatchSet.load(from: ERJR.patchSet)
        assertError(try set.patch(named: "ERJR_100p0_30p0"),
                    "\(ERJR.patchSet): no patch named 'ERJR_100p0_30p0' (did you mean 'ERJR_100p0_20p0', 'ERJR_100p0_40p0'?)")
        assertError(try set.patch(named: "signal"), "\(ERJR.patchSet): no patch named 'signal' (the set has \(set.patches.map(\.name).joined(separator: ", ")))")
    }

    private func patchSetText(
        version: String = #""1.0.0""#, digests: String = #"{"sha256": "\#(String(repeating: "ab", count: 32))"}"#,
        labels: String = #"["x"]"#, patches: String = #"[{"metadata": {"name": "p1", "values": [1]}, "patch": []}]"#
    ) -> String {
        #"{"metadata": {"description": "d", "digests": \#(digests), "labels": \#(labels), "references": {"hepdata": "ins1234567"}}, "patches": \#(patches), "version": \#(version)}"#
    }

    func testPatchSetChecksNameThePlace() throws {
        func assertInvalid(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) throws {
            assertError(try PatchSet(document: parse(text), source: "set.json"), message, file: file, line: line)
        }
        XCTAssertEqual(try PatchSet(document: parse(patchSetText()), source: "set.json").patches.map(\.name), ["p1"])
        try assertInvalid(patchSetText(version: #""1.1.0""#), #"set.json: at version: unsupported PatchSet version '1.1.0' (expected "1.0.0")"#)
        try assertInvalid("[]", "set.json: expected a pyhf PatchSet (an object with metadata, patches and version), found an array")
        try assertInvalid(#"{"version": "1.0.0", "patches": []}"#, "set.json: missing member 'metadata'")
        try assertInvalid(patchSetText(digests: #"{"sha256": "xyz"}"#), "set.json: at metadata.digests.sha256: expected 64 hexadecimal digits, found 'xyz'")
        try assertInvalid(patchSetText(digests: #"{"sha1": "ab"}"#), "set.json: at metadata.digests.sha1: unknown digest algorithm (pyhf's schema allows md5 and sha256)")
        try assertInvalid(patchSetText(labels: "[]"), "set.json: at metadata.labels: expected at least one entry")
        try assertInvalid(patchSetText(labels: "[1]"), "set.json: at metadata.labels[0]: expected a string, found a number")
        try assertInvalid(patchSetText(patches: "[]"), "set.json: at patches: a PatchSet needs at least one patch")
        try assertInvalid(patchSetText(patches: #"[{"metadata": {"name": "p1", "values": [1, 2]}, "patch": []}]"#),
                          "set.json: at patches[0].metadata.values: expected 1 values (one per label: x), found 2")
        try assertInvalid(patchSetText(patches: #"[{"metadata": {"name": "p1", "values": [null]}, "patch": []}]"#),
                          "set.json: at patches[0].metadata.values[0]: expected a number or a string, found null")
        try assertInvalid(patchSetText(patches: #"[{"metadata": {"name": "p 1", "values": [1]}, "patch": []}]"#),
                          "set.json: at patches[0].metadata.name: a patch name has only letters, digits and '_', found 'p 1'")
        let twice = #"[{"metadata": {"name": "p1", "values": [1]}, "patch": []}, {"metadata": {"name": "p1", "values": [2]}, "patch": []}]"#
        try assertInvalid(patchSetText(patches: twice), "set.json: at patches[1].metadata.name: a second patch named 'p1'")
        let sameValues = #"[{"metadata": {"name": "p1", "values": [1]}, "patch": []}, {"metadata": {"name": "p2", "values": [1.0]}, "patch": []}]"#
        try assertInvalid(patchSetText(patches: sameValues), "set.json: at patches[1].metadata.values: the same values as patch 'p1'")
        try assertInvalid(patchSetText(patches: #"[{"metadata": {"name": "p1", "values": [1]}, "patch": [{"op": "add"}]}]"#),
                          "set.json[p1]: operation 0 (add): missing member 'path'")
    }

    func testOnlyAnMD5DigestCannotBeChecked() throws {
        let set = try PatchSet(document: parse(patchSetText(digests: #"{"md5": "\#(String(repeating: "0", count: 32))"}"#)), source: "set.json")
        assertError(try set.verify(background: .null, named: "bkg.json"), "set.json: at metadata.digests: no sha256 digest to check bkg.json against (only md5)")
    }

    func testMissingAndMalformedFiles() throws {
        let missing = directory.appendingPathComponent("nowhere.json").path
        assertError(try PatchSet.load(from: missing), "\(missing): no such file")
        assertError(try JSONPatch.load(from: missing), "\(missing): no such file")
        let malformed = try write("[{\"op\": \"add\",\n  \"path\": \"/a\" \"value\": 1}]", "patch.json")
        assertError(try JSONPatch.load(from: malformed), "\(malformed): malformed JSON at line 2, column 16: expected ',' or '}' in an object, found '\"'")
        assertError(try Workspace.load(from: missing, patches: [JSONPatch.load(from: ERJR.patchFile("ERJR_100p0_20p0"))]), "\(missing): no such file")
    }
}
