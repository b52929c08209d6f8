import XCTest
@testable import Plotting

final class DocumentTests: XCTestCase {
  func testProfileLikelihoodScanIsWellFormedSVG() throws {
    let mu = stride(from: 0.0, through: 2, by: 0.1).map { $0 }
    var plot = Plot(title: "Profile likelihood", xLabel: "μ", yLabel: "2ΔNLL")
    plot.line(mu, mu.map { 4 * ($0 - 1) * ($0 - 1) }, label: "scan")
    plot.horizontalLine(at: 1)
    plot.verticalLine(at: 0.5)
    plot.verticalLine(at: 1.5)
    plot.width = 800
    let svg = plot.svg()
    XCTAssert(svg.hasPrefix("<?xml"))
    let root = try XCTUnwrap(parseSVG(svg))
    XCTAssertEqual(root.name, "svg")
    XCTAssertEqual(root.attributes["xmlns"], "http://www.w3.org/2000/svg")
    XCTAssertEqual(root.attributes["width"], "800")
    XCTAssertEqual(root.elements("line", class: "reference").count, 3)
    XCTAssertEqual(root.elements("g", class: "x-tick").compactMap { $0.elements("text").first?.text },
                   ["0", "0.5", "1", "1.5", "2"])
  }

  func testTrainingCurvesOnALogAxisAreWellFormedSVG() throws {
    let steps = (0..<50).map(Double.init)
    var plot = Plot(title: "Training", xLabel: "step", yLabel: "loss", logY: true)
    plot.line(steps, steps.map { 870 * exp(-$0 / 5) + 0.013 }, label: "train")
    plot.line(steps, steps.map { 900 * exp(-$0 / 6) + 0.02 }, label: "validation", dashed: true)
    let root = try XCTUnwrap(parseSVG(plot.svg()))
    XCTAssertEqual(root.elements("g", class: "y-tick").compactMap { $0.elements("text").first?.text },
                   ["0.01", "0.1", "1", "10", "100", "1000"])
  }

  func testDegenerateAndEmptyPlotsStillRender() throws {
    var single = Plot()
    single.points([3], [7])
    var flat = Plot(logY: true)
    flat.line([1, 2, 3], [5, 5, 5])
    var nothingVisible = Plot(logY: true)
    nothingVisible.line([.nan, 1], [-1, 0])
    for plot in [Plot(), single, flat, nothingVisible] {
      let svg = plot.svg()
      XCTAssertNotNil(parseSVG(svg))
      XCTAssertFalse(svg.lowercased().contains("nan"))
      XCTAssertFalse(svg.lowercased().contains("inf"))
    }
    let circle = try XCTUnwrap(parseSVG(single.svg())?.elements("circle").first)
    let frame = single.frame()
    XCTAssertEqual(Double(circle.attributes["cx"]!)!, frame.left + frame.width / 2, accuracy: 0.01)
    XCTAssertEqual(Double(circle.attributes["cy"]!)!, frame.top + frame.height / 2, accuracy: 0.01)
  }
}
