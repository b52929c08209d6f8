import Foundation
@testable import SoftHistograms
import XCTest

final class ErrorTests: XCTestCase {
    func assertThrows(_ expected: SoftHistogramError, mentioning words: [String], _ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            // Compare the text: a NaN payload is never == itself.
            XCTAssertTrue(error is SoftHistogramError, "\(type(of: error))", file: file, line: line)
            XCTAssertEqual("\(error)", "\(expected)", file: file, line: line)
            let text = "\(error)"
            for word in words {
                XCTAssertTrue(text.contains(word), "'\(text)' should mention '\(word)'", file: file, line: line)
            }
        }
    }

    func testKDEValidation() {
        let edges = [0.0, 0.5, 1.0]
        XCTAssertNoThrow(try KDEHistogram.validate(values: [0.2], weights: [2], edges: edges, bandwidth: 0.1))
        assertThrows(.emptyBatch(what: "values"), mentioning: ["empty batch", "values"]) {
            try KDEHistogram.validate(values: [], edges: edges, bandwidth: 0.1)
        }
        for h in [0.0, -0.1, .nan, .infinity, .leastNonzeroMagnitude] {  // the last: 1/h overflows
            assertThrows(.invalidBandwidth(h), mentioning: ["bandwidth", "\(h)"]) {
                try KDEHistogram.validate(values: [0.2], edges: edges, bandwidth: h)
            }
        }
        assertThrows(.tooFewEdges(count: 1), mentioning: ["at least 2", "got 1"]) {
            try KDEHistogram.validate(values: [0.2], edges: [0.5], bandwidth: 0.1)
        }
        assertThrows(.unsortedEdges(index: 2, previous: 0.5, value: 0.4), mentioning: ["edges[2] = 0.4", "edges[1] = 0.5", "increasing"]) {
            try KDEHistogram.validate(values: [0.2], edges: [0, 0.5, 0.4, 1], bandwidth: 0.1)
        }
        assertThrows(.unsortedEdges(index: 3, previous: 0.7, value: 0.7), mentioning: ["edges[3]", "repeats", "edges[2]"]) {
            try KDEHistogram.validate(values: [0.2], edges: [0, 0.5, 0.7, 0.7], bandwidth: 0.1)
        }
        assertThrows(.nonFiniteEdge(index: 1, value: .infinity), mentioning: ["edges[1]", "inf"]) {
            try KDEHistogram.validate(values: [0.2], edges: [0, .infinity], bandwidth: 0.1)
        }
        assertThrows(.nonFiniteValue(index: 2, value: .infinity), mentioning: ["values[2]", "event 2"]) {
            try KDEHistogram.validate(values: [0.2, 0.3, .infinity], edges: edges, bandwidth: 0.1)
        }
        let nanValue = KDEHistogram.validateError(values: [.nan], edges: edges)
        XCTAssertTrue(nanValue.contains("values[0] = nan"), nanValue)
        assertThrows(.weightCountMismatch(events: 2, weights: 3), mentioning: ["2 events", "3 weights"]) {
            try KDEHistogram.validate(values: [0.2, 0.3], weights: [1, 1, 1], edges: edges, bandwidth: 0.1)
        }
        assertThrows(.nonFiniteWeight(index: 1, value: -.infinity), mentioning: ["weights[1]", "event 1"]) {
            try KDEHistogram.validate(values: [0.2, 0.3], weights: [1, -.infinity], edges: edges, bandwidth: 0.1)
        }
    }

    func testSoftmaxValidation() {
        XCTAssertNoThrow(try SoftmaxHistogram.validate(logits: [1, 2, 3, 4], weights: [1, 1], bins: 2, temperature: 1))
        for t in [0.0, -1, .nan, .infinity] {
            assertThrows(.invalidTemperature(t), mentioning: ["temperature"]) {
                try SoftmaxHistogram.validate(logits: [1, 2], bins: 2, temperature: t)
            }
        }
        assertThrows(.emptyBatch(what: "logits"), mentioning: ["empty batch", "logits"]) {
            try SoftmaxHistogram.validate(logits: [], bins: 2, temperature: 1)
        }
        assertThrows(.invalidBinCount(0), mentioning: ["at least 1 bin"]) {
            try SoftmaxHistogram.validate(logits: [1], bins: 0, temperature: 1)
        }
        assertThrows(.logitsShape(count: 5, bins: 2), mentioning: ["5 logits", "2 bins"]) {
            try SoftmaxHistogram.validate(logits: [1, 2, 3, 4, 5], bins: 2, temperature: 1)
        }
        assertThrows(.nonFiniteLogit(event: 1, bin: 0, value: .nan), mentioning: ["event 1", "bin 0"]) {
            try SoftmaxHistogram.validate(logits: [1, 2, .nan, 4], bins: 2, temperature: 1)
        }
        assertThrows(.weightCountMismatch(events: 2, weights: 1), mentioning: ["2 events", "1 weights"]) {
            try SoftmaxHistogram.validate(logits: [1, 2, 3, 4], weights: [1], bins: 2, temperature: 1)
        }
        assertThrows(.nonFiniteWeight(index: 0, value: .nan), mentioning: ["weights[0]"]) {
            try SoftmaxHistogram.validate(logits: [1, 2, 3, 4], weights: [.nan, 1], bins: 2, temperature: 1)
        }
    }

    func testCutValidation() {
        XCTAssertNoThrow(try SigmoidCut.validate(values: [1], cut: 0, slope: -4))
        assertThrows(.emptyBatch(what: "values"), mentioning: ["empty batch"]) {
            try SigmoidCut.validate(values: [], cut: 0, slope: 1)
        }
        assertThrows(.nonFiniteValue(index: 0, value: .nan), mentioning: ["values[0]"]) {
            try SigmoidCut.validate(values: [.nan], cut: 0, slope: 1)
        }
        assertThrows(.nonFiniteParameter(name: "cut", value: .infinity), mentioning: ["cut = inf"]) {
            try SigmoidCut.validate(values: [1], cut: .infinity, slope: 1)
        }
        assertThrows(.nonFiniteParameter(name: "slope", value: .nan), mentioning: ["slope = nan"]) {
            try SigmoidCut.validate(values: [1], cut: 0, slope: .nan)
        }
    }
}

extension KDEHistogram {
    /// The message of the validation error (NaN ≠ NaN, so compare text instead of the case).
    static func validateError(values: [Double], edges: [Double]) -> String {
        do {
            try validate(values: values, edges: edges, bandwidth: 0.1)
            return ""
        } catch {
            return "\(error)"
        }
    }
}
