import Foundation
import HistFactory
import XCTest
@testable import NeosCLI

final class OutputFormatTests: XCTestCase {
    func testNumbersRoundTripAndNonFiniteIsNull() throws {
        for value in [0.1, 1.0 / 3, 1e-300, -2.5e17, .leastNonzeroMagnitude, 55] {
            XCTAssertEqual(Double(JSONValue.number(value).rendered), value)
        }
        XCTAssertEqual(JSONValue.finite(.nan).rendered, "null")
        XCTAssertEqual(JSONValue.numbers([1, .infinity]).rendered, "[1.0, null]")
        XCTAssertEqual(JSONValue.matrix(nil).rendered, "null")
    }

    func testObjectsHaveSortedKeysAndEscapedStrings() throws {
        let value = JSONValue.object(["b": .integer(2), "a": .string("quote \" slash \\ tab \t bell \u{7}"), "c": .bool(true)])
        XCTAssertEqual(value.rendered, #"{"a": "quote \" slash \\ tab \t bell \u0007", "b": 2, "c": true}"#)
        let parsed = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(value.rendered.utf8)) as? [String: Any])
        XCTAssertEqual(parsed["a"] as? String, "quote \" slash \\ tab \t bell \u{7}")
    }

    func testTableAlignsNamesLeftAndNumbersRight() {
        var table = TextTable(header: ["name", "value"])
        table.append("mu", "1.5")
        table.append("gamma[10]", "0.25")
        XCTAssertEqual(table.rendered, """
            name       value
            ----------------
            mu           1.5
            gamma[10]   0.25
            """)
    }

    func testEditDistance() {
        XCTAssertEqual(editDistance("mu", "mu"), 0)
        XCTAssertEqual(editDistance("muu", "mu"), 1)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
    }
}
