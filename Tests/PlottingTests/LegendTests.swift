import XCTest
@testable import Plotting

final class LegendTests: XCTestCase {
  func testOnlyLabelledSeriesHaveEntries() throws {
    var plot = Plot()
    plot.band([0, 1], lower: [0, 0], upper: [1, 1], label: "±1σ")
    plot.line([0, 1], [0.5, 0.5])
    plot.points([0, 1], [0.2, 0.8], label: "observed")
    plot.horizontalLine(at: 0.5)
    plot.verticalLine(at: 0.5, label: "limit")
    let root = try XCTUnwrap(parseSVG(plot.svg()))
    let entries = root.elements("g", class: "legend-entry")
    XCTAssertEqual(entries.map { $0.elements("text").first?.text }, ["±1σ", "observed", "limit"])
    XCTAssertEqual(entries.map { $0.children.first?.name }, ["rect", "circle", "line"])
  }

  func testNoLegendWithoutLabels() throws {
    var plot = Plot()
    plot.line([0, 1], [0, 1])
    plot.horizontalLine(at: 1)
    let root = try XCTUnwrap(parseSVG(plot.svg()))
    XCTAssert(root.elements("g", class: "legend").isEmpty)
  }

  func testDataSeriesCycleThroughDistinctColours() throws {
    var plot = Plot()
    for i in 0..<3 { plot.line([0, 1], [Double(i), Double(i)], label: "curve \(i)", dashed: i == 1) }
    let lines = try XCTUnwrap(parseSVG(plot.svg())).elements("path", class: "line")
    XCTAssertEqual(Set(lines.compactMap { $0.attributes["stroke"] }).count, 3)
    XCTAssertEqual(lines.map { $0.attributes["stroke-dasharray"] != nil }, [false, true, false])
    XCTAssertEqual(Palette.colour(Palette.cycle.count), Palette.colour(0))
  }
}
