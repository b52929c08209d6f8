import Foundation
import XCTest
@testable import NeosCLI
import Pipeline

#if canImport(FoundationXML)
import FoundationXML
#endif

final class PlotTests: CommandTestCase {
    /// The texts of the `<text>` elements of an SVG file, or nil when it is not well-formed XML.
    private func svgTexts(at path: String) throws -> [String]? {
        final class Collector: NSObject, XMLParserDelegate {
            var texts: [String] = []
            var current: String?
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "text" { current = "" }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                if name == "text", let current { texts.append(current) }
                current = nil
            }
        }
        let parser = XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path)))
        let collector = Collector()
        parser.delegate = collector
        return parser.parse() ? collector.texts : nil
    }

    func testScanPlotIsWrittenAtomically() throws {
        let workspace = try write(WorkspaceText().json)
        let plot = path("scan.svg")
        let table = try output(["scan", workspace, "--points", "5", "--plot", plot])
        XCTAssertTrue(table.contains("wrote \(plot)"))
        let texts = try XCTUnwrap(try svgTexts(at: plot), "the plot is well-formed XML")
        XCTAssertTrue(texts.contains { $0.hasPrefix("μ̂ = ") && $0.contains("68% interval") }, "\(texts)")
        XCTAssertEqual(try directoryContents(), ["scan.svg", "workspace.json"], "no temporary file remains")
    }

    func testLimitPlotDrawsTheBrazilBand() throws {
        let workspace = try write(WorkspaceText().json)
        let plot = path("brazil.svg")
        _ = try json(["limit", workspace, "--plot", plot])
        let texts = try XCTUnwrap(try svgTexts(at: plot), "the plot is well-formed XML")
        for label in ["expected ±2σ", "expected ±1σ", "expected", "observed", "CLs = 0.05"] {
            XCTAssertTrue(texts.contains(label), "legend lacks '\(label)': \(texts)")
        }
        XCTAssertEqual(try directoryContents(), ["brazil.svg", "workspace.json"])
    }

    func testPlotReplacesAnExistingFile() throws {
        let workspace = try write(WorkspaceText().json)
        let plot = try write("old", to: "scan.svg")
        _ = try output(["scan", workspace, "--points", "3", "--plot", plot])
        XCTAssertNotNil(try svgTexts(at: plot))
        XCTAssertEqual(try directoryContents(), ["scan.svg", "workspace.json"])
    }

    func testFailedWriteLeavesNothingBehind() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("taken"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("taken/child"), withIntermediateDirectories: false)
        XCTAssertThrowsError(try AtomicFile.write("<svg/>", to: path("taken"))) { error in
            XCTAssertTrue("\(error)".contains("cannot write"), "\(error)")
        }
        XCTAssertEqual(try directoryContents(), ["taken"])
    }

    func testPlotDirectoryIsCheckedBeforeAnyFit() throws {
        let workspace = try write(WorkspaceText().json)
        try assertFails(["scan", workspace, "--plot", path("missing/scan.svg")], mentions: ["directory", "does not exist"])
        try assertFails(["limit", workspace, "--plot", directory.path], mentions: ["is a directory"])
    }
}
