import Foundation
import XCTest
@testable import HistFactory

/// The order-preserving JSON value: strict parsing with line and column in errors, and text
/// identical to Python's `json.dumps` (fixtures/python-json/python_json.json, written by Python).
final class JSONDocumentTests: XCTestCase {
    private struct PythonCases: Decodable {
        struct Document: Decodable {
            let input: String
            let sorted: String
            let indented: String
            let sha256: String
        }
        struct Float: Decodable {
            let input: String
            let repr: String
        }
        let documents: [Document]
        let floats: [Float]
    }

    private func parse(_ text: String) throws -> JSONDocument {
        try JSONDocument(parsing: Array(text.utf8))
    }

    func testKeepsKeyOrderAndIntegersApartFromFloats() throws {
        let document = try parse(#"{"b": 1, "a": 1.0, "c": [1e2, -0, 3]}"#)
        XCTAssertEqual(document.pythonText(), #"{"b": 1, "a": 1.0, "c": [100.0, 0, 3]}"#)
        XCTAssertEqual(document.pythonText(sortKeys: true), #"{"a": 1.0, "b": 1, "c": [100.0, 0, 3]}"#)
        guard case let .object(members) = document else { return XCTFail("not an object") }
        XCTAssertEqual(members.map(\.key), ["b", "a", "c"])
        if case .integer(1) = members[0].value {} else { XCTFail("1 is an integer") }
        if case .float(1.0) = members[1].value {} else { XCTFail("1.0 is a float") }
    }

    func testJSONEqualityComparesNumbersByValueAndObjectsUnordered() throws {
        XCTAssertEqual(try parse(#"{"a": 1, "b": [2.0, "x"]}"#), try parse(#"{"b": [2, "x"], "a": 1.0}"#))
        XCTAssertNotEqual(try parse("[1, 2]"), try parse("[2, 1]"))
        XCTAssertNotEqual(try parse(#"{"a": 1}"#), try parse(#"{"a": 1, "b": 2}"#))
        XCTAssertNotEqual(try parse("10"), try parse(#""10""#))
        XCTAssertNotEqual(try parse("1"), try parse("true"))
        XCTAssertNotEqual(try parse("null"), try parse("false"))
        XCTAssertNotEqual(JSONDocument.integer(9_007_199_254_740_993), JSONDocument.float(9_007_199_254_740_992))
        // Code points, not canonical equivalence: "é" precomposed and decomposed differ.
        XCTAssertNotEqual(try parse(#""\u00e9""#), try parse(#""e\u0301""#))
    }

    func testMatchesPythonJSONDumps() throws {
        let cases = try JSONDecoder().decode(PythonCases.self, from: Data(contentsOf: Fixtures.url("python-json/python_json.json")))
        XCTAssertEqual(cases.documents.count, 7)
        for document in cases.documents {
            let value = try parse(document.input)
            XCTAssertEqual(value.pythonText(sortKeys: true), document.sorted, document.input)
            XCTAssertEqual(value.pythonText(indent: 2), document.indented, document.input)
            XCTAssertEqual(value.pyhfSHA256, document.sha256, document.input)
        }
        XCTAssertGreaterThan(cases.floats.count, 700)
        for float in cases.floats {
            XCTAssertEqual(try XCTUnwrap(Double(float.input)).pythonRepr, float.repr, float.input)
        }
    }

    func testPythonFloatRepr() {
        let expected: [(Double, String)] = [
            (100, "100.0"), (1e-5, "1e-05"), (1e16, "1e+16"), (1e15, "1000000000000000.0"), (0.0001, "0.0001"),
            (59.08483123779297, "59.08483123779297"), (-0.0, "-0.0"), (0, "0.0"), (1.5e300, "1.5e+300"),
            (.leastNonzeroMagnitude, "5e-324"), (123.456, "123.456"), (-2.5e-7, "-2.5e-07"), (1e100, "1e+100"),
        ]
        for (value, text) in expected {
            XCTAssertEqual(value.pythonRepr, text)
        }
    }

    /// pyhf's own example in the docstring of `pyhf.utils.digest`.
    func testPyhfDigestExample() throws {
        XCTAssertEqual(try parse(#"{"a": 2.0, "b": 3.0, "c": 1.0}"#).pyhfSHA256,
                       "a38f6093800189b79bc22ef677baf90c75705af2cfc7ff594159eca54eaa7928")
    }

    func testStringEscapesAndSurrogatePairs() throws {
        XCTAssertEqual(try parse(#""\ud83d\ude00 \u00e9 \/ \" \\ \n""#), .string("😀 é / \" \\ \n"))
        XCTAssertEqual(try parse("\"😀\""), .string("😀"))
    }

    func testSyntaxErrorsNameLineAndColumn() {
        let cases: [(String, String)] = [
            ("{\"a\": 1,\n \"b\": }", "line 2, column 7: expected a value, found '}'"),
            ("[1, 2,]", "line 1, column 7: expected a value, found ']'"),
            (#"{"a": 1, "a": 2}"#, #"line 1, column 10: duplicate member name "a" in one object"#),
            ("[01]", "a number cannot have a leading zero"),
            ("[NaN]", "expected a value, found 'N'"),
            ("[1e400]", "the number 1e400 is out of the range of a double"),
            ("[99999999999999999999]", "does not fit in 64 bits"),
            (#"["\ud800"]"#, "is not followed by a low surrogate"),
            (#"["\udc00"]"#, "unpaired low surrogate"),
            (#"["\x"]"#, "invalid escape '\\x'"),
            ("[\"a\tb\"]", "control character U+0009 must be escaped"),
            ("[1] 2", "unexpected text after the JSON value"),
            ("", "unexpected end of the text"),
            ("[\"é", "line 1, column 4: unterminated string"),
        ]
        for (text, fragment) in cases {
            XCTAssertThrowsError(try parse(text), text) { error in
                let message = (error as? JSONReadError)?.message ?? "\(error)"
                XCTAssertTrue(message.hasPrefix("malformed JSON at line "), message)
                XCTAssertTrue(message.contains(fragment), "'\(message)' should mention '\(fragment)'")
            }
        }
        XCTAssertThrowsError(try JSONDocument(parsing: [UInt8(ascii: "\""), 0xFF, UInt8(ascii: "\"")])) { error in
            XCTAssertTrue("\(error)".contains("invalid UTF-8"), "\(error)")
        }
    }

    func testMissingFile() {
        XCTAssertThrowsError(try JSONDocument(contentsOfFile: "/nonexistent/file.json")) { error in
            XCTAssertEqual(error as? JSONReadError, JSONReadError(message: "no such file"))
        }
    }
}
