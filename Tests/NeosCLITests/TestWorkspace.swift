import Foundation
import XCTest
@testable import NeosCLI

/// The one-bin shapesys model, as JSON text with every part replaceable so that tests can break
/// one thing at a time: signal [10] × μ, background [50] with shapesys [7], 55 observed.
struct WorkspaceText {
    var signal = "[10]"
    var signalModifiers = #"[{"name": "mu", "type": "normfactor", "data": null}]"#
    var background = "[50]"
    var backgroundModifiers = #"[{"name": "uncorr", "type": "shapesys", "data": [7]}]"#
    var observations = #"[{"name": "SR", "data": [55]}]"#
    var poi = "mu"
    var parameters = "[]"

    var json: String {
        """
        {
          "channels": [{"name": "SR", "samples": [
            {"name": "signal", "data": \(signal), "modifiers": \(signalModifiers)},
            {"name": "background", "data": \(background), "modifiers": \(backgroundModifiers)}
          ]}],
          "observations": \(observations),
          "measurements": [{"name": "meas", "config": {"poi": "\(poi)", "parameters": \(parameters)}}],
          "version": "1.0.0"
        }
        """
    }
}

/// A fresh directory per test, with helpers to write workspaces and run `neos` in-process.
class CommandTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("neos-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    /// Writes `text` to `name` in the test directory and returns its path.
    @discardableResult
    func write(_ text: String, to name: String = "workspace.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// The path of `name` in the test directory (not necessarily existing).
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// The file names in the test directory, hidden ones included.
    func directoryContents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    /// Parses `arguments` as `neos` does and returns what the command would print.
    func output(_ arguments: [String]) throws -> String {
        Invocation.arguments = arguments
        let command = try NeosCommand.parseAsRoot(arguments)
        let reporting = try XCTUnwrap(command as? ReportingCommand, "\(arguments) is not a reporting command")
        return try reporting.output()
    }

    /// Runs `arguments` with `--json` and parses the single JSON object it prints.
    func json(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let text = try output(arguments + ["--json"])
        XCTAssertFalse(text.contains("\n"), "JSON output is one line", file: file, line: line)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], file: file, line: line)
    }

    /// Asserts that running `arguments` fails with an `error: ` message containing every
    /// fragment in `mentions`, and that the directory holds no new file afterwards.
    func assertFails(_ arguments: [String], mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let before = try directoryContents()
        XCTAssertThrowsError(try output(arguments), file: file, line: line) { error in
            let message = NeosCommand.fullMessage(for: error)
            XCTAssertTrue(message.hasPrefix("error: "), message, file: file, line: line)
            XCTAssertNotEqual(NeosCommand.exitCode(for: error), .success, file: file, line: line)
            for fragment in mentions {
                XCTAssertTrue(message.contains(fragment), "'\(message)' does not mention '\(fragment)'", file: file, line: line)
            }
        }
        XCTAssertEqual(try directoryContents(), before, "a failed command left files behind", file: file, line: line)
    }
}
