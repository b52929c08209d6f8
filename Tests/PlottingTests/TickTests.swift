import XCTest
@testable import Plotting

final class TickTests: XCTestCase {
  func testUnitIntervalTicksInFifths() {
    let axis = Axis.linear(covering: [0, 0.37, 1])
    XCTAssertEqual(axis.ticks.map(\.value), [0, 0.2, 0.4, 0.6, 0.8, 1])
    XCTAssertEqual(axis.ticks.map(\.label), ["0", "0.2", "0.4", "0.6", "0.8", "1"])
    XCTAssertEqual(axis.lower, 0)
    XCTAssertEqual(axis.upper, 1)
  }

  func testLinearRangeWidensToWholeSteps() {
    let axis = Axis.linear(covering: [0.013, 870])
    XCTAssertEqual(axis.ticks.map(\.value), [0, 200, 400, 600, 800, 1000])
    let negative = Axis.linear(covering: [-2.7, 3.1])
    XCTAssertEqual(negative.ticks.map(\.value), [-3, -2, -1, 0, 1, 2, 3, 4])
    XCTAssertEqual(negative.ticks.first?.label, "-3")
  }

  func testStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    for span in [0.003, 0.7, 1, 13, 250, 4.4e7] {
      let ticks = Axis.linear(covering: [0, span]).ticks.map(\.value)
      let step = ticks[1] - ticks[0]
      let mantissa = step / pow(10, floor(log10(step) + 1e-9))
      XCTAssert([1, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(step) for span \(span)")
      XCTAssert((4...9).contains(ticks.count - 1), "\(ticks.count - 1) intervals for span \(span)")
      XCTAssertLessThanOrEqual(ticks.first!, 0)
      XCTAssertGreaterThanOrEqual(ticks.last!, span)
    }
  }

  func testDegenerateLinearRangesArePadded() {
    let constant = Axis.linear(covering: [5, 5, 5])
    XCTAssertLessThan(constant.lower, 5)
    XCTAssertGreaterThan(constant.upper, 5)
    XCTAssert(constant.ticks.contains { $0.value == 5 })
    XCTAssertEqual(Axis.linear(covering: [0]).ticks.map(\.value), [-1, -0.5, 0, 0.5, 1])
    let empty = Axis.linear(covering: [.nan, .infinity])
    XCTAssertEqual(empty.lower, 0)
    XCTAssertEqual(empty.upper, 1)
  }

  func testLogarithmicTicksAreDecades() {
    let axis = Axis.logarithmic(covering: [0.013, 4, 870])
    XCTAssertEqual(axis.ticks.map(\.value), [0.01, 0.1, 1, 10, 100, 1000])
    XCTAssertEqual(axis.ticks.map(\.label), ["0.01", "0.1", "1", "10", "100", "1000"])
    XCTAssertEqual(axis.lower, 0.01)
    XCTAssertEqual(axis.upper, 1000)
  }

  func testLogarithmicAxisSkipsNonPositiveValues() {
    let axis = Axis.logarithmic(covering: [-5, 0, .nan, 2, 30])
    XCTAssertEqual(axis.ticks.map(\.value), [1, 10, 100])
    XCTAssertNil(axis.fraction(of: 0))
    XCTAssertNil(axis.fraction(of: -1))
    XCTAssertEqual(axis.fraction(of: 10)!, 0.5, accuracy: 1e-12)
  }

  func testWideLogarithmicRangesTickEveryFewDecades() {
    let axis = Axis.logarithmic(covering: [1e-12, 1e3])
    XCTAssertLessThanOrEqual(axis.ticks.count, 9)
    XCTAssertEqual(axis.ticks.first?.value, 1e-12)
    XCTAssertEqual(axis.ticks.map(\.label), ["1e-12", "1e-9", "1e-6", "0.001", "1", "1000"])
  }

  func testDegenerateLogarithmicRanges() {
    XCTAssertEqual(Axis.logarithmic(covering: [10, 10]).ticks.map(\.value), [1, 10, 100])
    XCTAssertEqual(Axis.logarithmic(covering: []).ticks.map(\.value), [1, 10])
  }

  func testCompactLabels() {
    XCTAssertEqual(tickLabel(0.6000000000000001, resolution: 0.2), "0.6")
    XCTAssertEqual(tickLabel(2500, resolution: 500), "2500")
    XCTAssertEqual(tickLabel(150_000, resolution: 50_000), "1.5e5")
    XCTAssertEqual(tickLabel(1e6, resolution: 5e5), "1e6")
    XCTAssertEqual(tickLabel(-1e-5, resolution: 1e-5), "-1e-5")
    XCTAssertEqual(tickLabel(0, resolution: 0.05), "0")
    XCTAssertEqual(tickLabel(0.25, resolution: 0.05), "0.25")
  }
}
