import XCTest
@testable import Plotting

final class PathTests: XCTestCase {
  func testRunsSplitAtNil() {
    XCTAssertEqual(runs([1, 2, nil, nil, 3, nil]), [[1, 2], [3]])
    XCTAssertEqual(runs([Int?]([nil])), [])
  }

  func testNaNSplitsALineIntoTwoSubpaths() throws {
    var plot = Plot()
    plot.line([0, 1, 2, 3, 4], [0, 1, .nan, 3, 4])
    let root = try XCTUnwrap(parseSVG(plot.svg()))
    let d = try XCTUnwrap(root.elements("path", class: "line").first?.attributes["d"])
    let pieces = subpaths(d)
    XCTAssertEqual(pieces.count, 2)
    XCTAssertEqual(pieces.map(\.count), [2, 2])
  }

  func testNonFiniteAbscissaAlsoSplitsALine() throws {
    var plot = Plot()
    plot.line([0, 1, .infinity, 3], [1, 2, 3, 4])
    let d = try XCTUnwrap(parseSVG(plot.svg())?.elements("path", class: "line").first?.attributes["d"])
    XCTAssertEqual(subpaths(d).map(\.count), [2, 1])
  }

  func testNonPositiveValuesSplitALineOnALogAxis() throws {
    var plot = Plot(logY: true)
    plot.line([1, 2, 3, 4, 5], [10, 1, 0, -1, 0.1])
    let d = try XCTUnwrap(parseSVG(plot.svg())?.elements("path", class: "line").first?.attributes["d"])
    XCTAssertEqual(subpaths(d).map(\.count), [2, 1])
  }

  func testCoordinatesMapDataMonotonicallyIntoTheFrame() throws {
    let xs = (0..<20).map { Double($0) * 0.37 - 2 }
    let ys = xs.map { $0 * $0 * $0 }
    var plot = Plot()
    plot.line(xs, ys)
    let frame = plot.frame()
    let d = try XCTUnwrap(parseSVG(plot.svg())?.elements("path", class: "line").first?.attributes["d"])
    let points = try XCTUnwrap(subpaths(d).first)
    XCTAssertEqual(points.count, xs.count)
    for (a, b) in zip(points, points.dropFirst()) {
      XCTAssertGreaterThan(b.x, a.x)
      XCTAssertLessThan(b.y, a.y, "larger values are drawn higher up")
    }
    for point in points {
      XCTAssert((frame.left...frame.right).contains(point.x))
      XCTAssert((frame.top...frame.bottom).contains(point.y))
    }
    XCTAssertEqual(points[0].x, frame.column(xs[0])!, accuracy: 0.01)
    XCTAssertEqual(points[0].y, frame.row(ys[0])!, accuracy: 0.01)
  }

  func testLogAxisMapsDecadesToEqualDistances() {
    var plot = Plot(logY: true)
    plot.line([0, 1, 2], [1, 10, 100])
    let frame = plot.frame()
    let rows = [1.0, 10, 100].map { frame.row($0)! }
    XCTAssertEqual(rows[0] - rows[1], rows[1] - rows[2], accuracy: 1e-9)
    XCTAssertGreaterThan(rows[0], rows[1])
  }

  func testNaNSplitsABandIntoTwoClosedPolygons() throws {
    var plot = Plot()
    plot.band([0, 1, 2, 3, 4, 5], lower: [0, 0, 0, .nan, 0, 0], upper: [1, 2, 3, 4, 5, 6])
    let d = try XCTUnwrap(parseSVG(plot.svg())?.elements("path", class: "band").first?.attributes["d"])
    XCTAssertEqual(d.filter { $0 == "Z" }.count, 2)
    XCTAssertEqual(subpaths(d).map(\.count), [6, 4])
  }

  func testStepsDrawFlatBinsWithAnOptionalErrorBand() throws {
    var plot = Plot()
    plot.steps(edges: [0, 1, 2, 3], values: [4, 6, 5], errors: [1, 1, 1], label: "data")
    let root = try XCTUnwrap(parseSVG(plot.svg()))
    let d = try XCTUnwrap(root.elements("path", class: "line").first?.attributes["d"])
    let outline = try XCTUnwrap(subpaths(d).first)
    XCTAssertEqual(outline.count, 6)
    for bin in 0..<3 {
      XCTAssertEqual(outline[2 * bin].y, outline[2 * bin + 1].y, "bin \(bin) is flat")
    }
    XCTAssertEqual(outline[1].x, outline[2].x, "neighbouring bins meet at their shared edge")
    let band = try XCTUnwrap(root.elements("path", class: "band").first)
    XCTAssertEqual(band.attributes["fill"], root.elements("path", class: "line").first?.attributes["stroke"])
    XCTAssertEqual(root.elements("g", class: "legend-entry").count, 1)
  }
}
