import XCTest
@testable import Plotting

final class EscapingTests: XCTestCase {
  func testMarkupCharactersBecomeEntities() {
    XCTAssertEqual("a<&>\"'b".xmlEscaped, "a&lt;&amp;&gt;&quot;&apos;b")
    XCTAssertEqual("μ ≤ 1\n".xmlEscaped, "μ ≤ 1\n")
  }

  func testCharactersForbiddenInXMLAreReplaced() {
    XCTAssertEqual("a\u{1}b\u{FFFF}".xmlEscaped, "a\u{FFFD}b\u{FFFD}")
  }

  func testAllTextSurvivesARoundTripThroughXMLParser() throws {
    var plot = Plot(title: "<&>", xLabel: "x < 1 & \"y\"", yLabel: "'q' > 0")
    plot.line([0, 1], [0, 1], label: "</text><script>")
    let svg = plot.svg()
    XCTAssertFalse(svg.contains("<&>"))
    let root = try XCTUnwrap(parseSVG(svg))
    XCTAssertEqual(root.elements("text", class: "title").first?.text, "<&>")
    XCTAssertEqual(root.elements("text", class: "x-label").first?.text, "x < 1 & \"y\"")
    XCTAssertEqual(root.elements("text", class: "y-label").first?.text, "'q' > 0")
    XCTAssertEqual(root.elements("g", class: "legend-entry").first?.elements("text").first?.text, "</text><script>")
    XCTAssert(root.elements("script").isEmpty)
  }
}
