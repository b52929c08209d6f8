import ArgumentParser
import Foundation
import HistFactory
import XCTest
@testable import NeosCLI

/// `--patch`/`--patch-name` on the workspace subcommands and `neos patchset`, on the published
/// ATLAS SUSY 3L eRJR likelihood (notebooks-data/atlas-susy-3l-erjr) and on small patches.
final class PatchCommandTests: CommandTestCase {
    private static let data = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("notebooks-data/atlas-susy-3l-erjr")
    private let background = data.appendingPathComponent("BkgOnly.json").path
    private let patchSet = data.appendingPathComponent("patchset.json").path
    private let patchFile = data.appendingPathComponent("patches/patch.ERJR_100p0_20p0.json").path
    private let digest = "a20207ad6da9dc3e3e53dc159155a8371d7b44487e03fb4af4c6be20be4ad695"

    /// Decoded with JSONDecoder, which reads every digit of a double.
    private struct EvalOutput: Decodable, Equatable {
        var logpdf: Double
        var expected_data: [Double]
        var parameters: [String: Double]
    }

    private func eval(_ arguments: [String]) throws -> EvalOutput {
        try JSONDecoder().decode(EvalOutput.self, from: Data(output(["eval"] + arguments + ["--json"]).utf8))
    }

    /// The background-only workspace has no signal (its POI is no parameter); with the patch,
    /// every channel has a sixth sample scaled by mu_SIG: in CRlow_cuts (second in sorted order)
    /// mu_SIG = 1 adds the patch's 59.08483123779297 events.
    func testPatchAddsTheSignalSample() throws {
        try assertFails(["eval", background], mentions: [background, "'mu_SIG' is not a parameter of the model"])
        let withSignal = try eval([background, "--patch", patchFile, "--set", "mu_SIG=1"])
        let without = try eval([background, "--patch", patchFile, "--set", "mu_SIG=0"])
        XCTAssertEqual(withSignal.expected_data[1] - without.expected_data[1], 59.08483123779297, accuracy: 1e-9)

        let workspace = try Workspace.load(from: background, patches: [JSONPatch.load(from: patchFile)])
        XCTAssertEqual(workspace.channels.map(\.samples.count), [6, 6, 6, 6])
        let model = try Model(workspace: workspace)
        var parameters = model.suggestedInit
        parameters[try XCTUnwrap(model.parameterIndex(named: "mu_SIG"))] = 1
        let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        XCTAssertEqual(withSignal.logpdf, model.logpdf(parameters, data: data))
        XCTAssertEqual(withSignal.expected_data, model.expectedData(parameters))
    }

    func testPatchNameTakesThePatchOfAPatchSet() throws {
        let fromSet = try eval([background, "--patch", patchSet, "--patch-name", "ERJR_100p0_20p0"])
        XCTAssertEqual(fromSet, try eval([background, "--patch", patchFile]))
        XCTAssertNotEqual(fromSet, try eval([background, "--patch", patchSet, "--patch-name", "ERJR_200p0_160p0"]))
    }

    /// Patches apply in order, and reach the template model (`fisher --gradient`) too.
    func testPatchesApplyInOrderToEveryModel() throws {
        let path = try write(WorkspaceText().json)
        let double = try write(#"[{"op": "replace", "path": "/channels/0/samples/0/data/0", "value": 20}]"#, to: "double.json")
        let check = try write(#"[{"op": "test", "path": "/channels/0/samples/0/data", "value": [20.0]}]"#, to: "check.json")
        let result = try eval([path, "--patch", double, "--patch", check, "--set", "mu=1"])
        XCTAssertEqual(result.expected_data[0], 70)
        try assertFails(["eval", path, "--patch", check, "--patch", double], mentions: [check, "operation 0 (test /channels/0/samples/0/data)", "test failed"])
        func signalGradient(_ arguments: [String]) throws -> [Double] {
            let gradient = try XCTUnwrap(json(["fisher", path, "--gradient"] + arguments)["gradient"] as? [String: Any])
            return try XCTUnwrap(gradient["SR/signal/nominal"] as? [Double])
        }
        XCTAssertNotEqual(try signalGradient(["--patch", double]), try signalGradient([]))
    }

    func testPatchErrorsNameTheFileTheOperationAndThePointer() throws {
        let path = try write(WorkspaceText().json)
        try assertFails(["eval", background, "--patch", patchSet],
                        mentions: ["--patch \(patchSet) is a pyhf PatchSet", "--patch-name", "ERJR_100p0_20p0, ERJR_110p0_20p0"])
        try assertFails(["eval", background, "--patch", patchFile, "--patch-name", "ERJR_100p0_20p0"],
                        mentions: ["--patch-name ERJR_100p0_20p0", "no --patch file is a PatchSet"])
        try assertFails(["eval", background, "--patch-name", "ERJR_100p0_20p0"], mentions: ["no --patch file is a PatchSet"])
        try assertFails(["eval", background, "--patch", patchSet, "--patch-name", "ERJR_100p0_30p0"],
                        mentions: [patchSet, "no patch named 'ERJR_100p0_30p0'", "did you mean 'ERJR_100p0_20p0', 'ERJR_100p0_40p0'"])
        let missing = self.path("nowhere.json")
        try assertFails(["eval", path, "--patch", missing], mentions: [missing, "no such file"])
        let malformed = try write("[{\"op\": \"add\", \"path\": \"/a\",}]", to: "malformed.json")
        try assertFails(["eval", path, "--patch", malformed], mentions: [malformed, "malformed JSON at line 1, column 29"])
        let pastTheEnd = try write(#"[{"op": "add", "path": "/a", "value": 1}, {"op": "replace", "path": "/channels/0/samples/9", "value": {}}]"#, to: "past.json")
        try assertFails(["eval", path, "--patch", pastTheEnd], mentions: ["\(pastTheEnd): operation 1 (replace /channels/0/samples/9): no such array element (the array has 2)"])
    }

    /// A workspace that is invalid only after patching names the chain of files.
    func testInvalidPatchedWorkspaceNamesTheChain() throws {
        let path = try write(WorkspaceText().json)
        let negative = try write(#"[{"op": "replace", "path": "/channels/0/samples/1/data/0", "value": -5}]"#, to: "negative.json")
        try assertFails(["eval", path, "--patch", negative],
                        mentions: ["\(path) + \(negative): at channels[0].samples[1].data[0]: expected a non-negative yield, found -5.0"])
        let otherPOI = try write(#"[{"op": "replace", "path": "/measurements/0/config/poi", "value": "nu"}]"#, to: "poi.json")
        try assertFails(["fit", path, "--patch", otherPOI], mentions: ["\(path) + \(otherPOI): at measurements[0].config.poi", "'nu'"])
    }

    func testInspectListsPatchesUnderTheirLabels() throws {
        let table = try output(["patchset", "inspect", patchSet])
        XCTAssertTrue(table.contains("atlas-susy-3l-erjr-subset"), table)
        XCTAssertTrue(table.contains(digest), table)
        XCTAssertTrue(table.contains("hepdata: ins1866951"), table)
        let header = try XCTUnwrap(table.split(separator: "\n").first { $0.hasPrefix("patch ") })
        XCTAssertEqual(header.split(separator: " "), ["patch", "m_C1N2", "m_N1"])
        XCTAssertEqual(table.split(separator: "\n").first { $0.hasPrefix("ERJR_140p0_100p0") }?.split(separator: " "), ["ERJR_140p0_100p0", "140.0", "100.0"])

        let result = try json(["patchset", "inspect", patchSet])
        XCTAssertEqual(result["labels"] as? [String], ["m_C1N2", "m_N1"])
        XCTAssertEqual(result["digests"] as? [String: String], ["sha256": digest])
        XCTAssertEqual(result["references"] as? [String: String], ["hepdata": "ins1866951"])
        let patches = try XCTUnwrap(result["patches"] as? [[String: Any]])
        XCTAssertEqual(patches.count, 10)
        XCTAssertEqual(patches[0]["name"] as? String, "ERJR_100p0_20p0")
        XCTAssertEqual(patches[0]["values"] as? [Double], [100, 20])
    }

    func testVerifyPassesOnTheShippedPairAndFailsOnAChangedWorkspace() throws {
        XCTAssertTrue(try output(["patchset", "verify", background, patchSet]).hasSuffix("sha256 \(digest) matches"))
        let result = try json(["patchset", "verify", background, patchSet])
        XCTAssertEqual(result["verified"] as? Bool, true)
        XCTAssertEqual(result["sha256"] as? String, digest)

        var changed = try Workspace.readDocument(from: background)
        try changed.replace(at: JSONPointer(parsing: "/observations/0/data/0"), with: .float(21))
        let changedPath = try write(changed.pythonText(indent: 1), to: "changed.json")
        try assertFails(["patchset", "verify", changedPath, patchSet],
                        mentions: [changedPath, "is not the background-only workspace", "expected sha256 \(digest)", "found \(changed.pyhfSHA256)"])
    }

    func testApplyWritesAWorkspaceThatLoads() throws {
        let signal = path("signal.json")
        let message = try output(["patchset", "apply", background, patchSet, "--name", "ERJR_100p0_20p0", "--output", signal])
        XCTAssertTrue(message.hasPrefix("wrote \(signal)"), message)
        XCTAssertTrue(message.hasSuffix("digest verified"), message)
        XCTAssertEqual(try directoryContents(), ["signal.json"])
        XCTAssertEqual(try eval([signal]), try eval([background, "--patch", patchFile]))
        XCTAssertEqual(try Workspace.load(from: signal).channels.map(\.samples.count), [6, 6, 6, 6])
        // The background's key order, two-space indent, numbers as written (1.0 stays 1.0).
        let text = try String(contentsOfFile: signal, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("{\n  \"channels\": [\n    {\n      \"name\": \"CRlow_cuts\","), String(text.prefix(80)))

        let result = try json(["patchset", "apply", background, patchSet, "--name", "ERJR_150p0_90p0", "--output", path("other.json")])
        XCTAssertEqual(result["verified"] as? Bool, true)
        XCTAssertEqual((result["channels"] as? [[String: Any]])?.compactMap { $0["samples"] as? Int }, [5, 6, 6, 6])
    }

    func testApplyChecksTheDigestAndLeavesNoFileOnFailure() throws {
        var changed = try Workspace.readDocument(from: background)
        try changed.replace(at: JSONPointer(parsing: "/observations/0/data/0"), with: .float(21))
        let changedPath = try write(changed.pythonText(), to: "changed.json")
        let signal = path("signal.json")
        try assertFails(["patchset", "apply", changedPath, patchSet, "--name", "ERJR_100p0_20p0", "--output", signal],
                        mentions: ["expected sha256 \(digest)", "found \(changed.pyhfSHA256)", "--no-verify"])
        try assertFails(["patchset", "apply", background, patchSet, "--name", "ERJR_1", "--output", signal], mentions: ["no patch named 'ERJR_1'"])
        try assertFails(["patchset", "apply", background, background, "--name", "ERJR_100p0_20p0", "--output", signal],
                        mentions: [background, "missing member 'metadata'"])

        let message = try output(["patchset", "apply", changedPath, patchSet, "--name", "ERJR_100p0_20p0", "--output", signal, "--no-verify"])
        XCTAssertTrue(message.hasSuffix("digest not checked (--no-verify)"), message)
        XCTAssertEqual(try Workspace.load(from: signal).observations[0].data, [21])
    }

    /// A patch that leaves an invalid workspace writes nothing and names the chain.
    func testApplyValidatesBeforeWriting() throws {
        let digest = try JSONDocument(parsing: Array(WorkspaceText().json.utf8)).pyhfSHA256
        let set = """
            {"metadata": {"description": "d", "digests": {"sha256": "\(digest)"},
             "labels": ["x"], "references": {"hepdata": "ins0000000"}},
             "patches": [{"metadata": {"name": "bad", "values": [1]}, "patch": [{"op": "remove", "path": "/observations/0"}]}], "version": "1.0.0"}
            """
        let path = try write(WorkspaceText().json)
        let setPath = try write(set, to: "set.json")
        try assertFails(["patchset", "apply", path, setPath, "--name", "bad", "--output", self.path("out.json")],
                        mentions: ["\(path) + \(setPath)[bad]: at observations: missing observation for channel 'SR'"])
    }

    func testHelpHasExamplesWithTheShippedFiles() {
        let commands: [(ParsableCommand.Type, String)] = [
            (PatchsetCommand.self, "neos patchset"), (PatchsetInspectCommand.self, "neos patchset inspect"),
            (PatchsetVerifyCommand.self, "neos patchset verify"), (PatchsetApplyCommand.self, "neos patchset apply"),
        ]
        for (command, invocation) in commands {
            let discussion = command.configuration.discussion
            XCTAssertFalse(command.configuration.abstract.isEmpty, invocation)
            XCTAssertTrue(discussion.contains("Example"), invocation)
            XCTAssertTrue(discussion.contains(invocation + " "), invocation)
            XCTAssertTrue(discussion.contains("notebooks-data/atlas-susy-3l-erjr/patchset.json"), invocation)
            XCTAssertFalse(discussion.contains("\\"), "\(invocation): a literal backslash in --help")
        }
        XCTAssertTrue(NeosCommand.configuration.discussion.contains("--patch FILE"))
        XCTAssertTrue(NeosCommand.configuration.discussion.contains("patchset"))
    }
}
