import XCTest
@testable import HistFactory

/// RFC 6901: the examples of §5, escaping (§3, §4) and the array index rules.
final class JSONPointerTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONDocument {
        try JSONDocument(parsing: Array(text.utf8))
    }

    private func pointerError(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    /// The document and pointers of RFC 6901 §5.
    func testRFCExamples() throws {
        let document = try parse(#"""
            {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}
            """#)
        let expected: [(String, JSONDocument)] = [
            ("", document), ("/foo", try parse(#"["bar", "baz"]"#)), ("/foo/0", .string("bar")), ("/", .integer(0)),
            ("/a~1b", .integer(1)), ("/c%d", .integer(2)), ("/e^f", .integer(3)), ("/g|h", .integer(4)),
            (#"/i\j"#, .integer(5)), (#"/k"l"#, .integer(6)), ("/ ", .integer(7)), ("/m~0n", .integer(8)),
        ]
        for (text, value) in expected {
            XCTAssertEqual(try document.value(at: JSONPointer(parsing: text)), value, text)
        }
    }

    func testEscapesRoundTripInOrder() throws {
        XCTAssertEqual(try JSONPointer(parsing: "/a~1b/m~0n/~01").tokens, ["a/b", "m~n", "~1"])
        XCTAssertEqual(JSONPointer(tokens: ["a/b", "m~n", "~1", ""]).description, "/a~1b/m~0n/~01/")
        XCTAssertEqual(try JSONPointer(parsing: "").tokens, [])
        XCTAssertEqual(try JSONPointer(parsing: "/").tokens, [""])
        XCTAssertEqual(try JSONPointer(parsing: "//").tokens, ["", ""])
    }

    func testMalformedPointers() {
        XCTAssertEqual(pointerError { try JSONPointer(parsing: "foo") }, "'foo' is not a JSON Pointer (it must be empty or start with '/')")
        XCTAssertEqual(pointerError { try JSONPointer(parsing: "/a~2") }, "'/a~2' has a '~' that is not followed by 0 or 1")
        XCTAssertEqual(pointerError { try JSONPointer(parsing: "/a~") }, "'/a~' has a '~' that is not followed by 0 or 1")
    }

    func testArrayIndexRules() throws {
        let document = try parse(#"{"a": [10, 20, 30], "s": "text"}"#)
        func failure(_ text: String) -> String {
            pointerError { try document.value(at: JSONPointer(parsing: text)) }
        }
        XCTAssertEqual(try document.value(at: JSONPointer(parsing: "/a/2")), .integer(30))
        XCTAssertEqual(failure("/a/3"), "no such array element (the array has 3)")
        XCTAssertEqual(failure("/a/01"), "'01' is not an array index (no leading zeros)")
        XCTAssertEqual(failure("/a/-1"), "'-1' is not an array index")
        XCTAssertEqual(failure("/a/x"), "'x' is not an array index")
        XCTAssertEqual(failure("/a/-"), "'-' names the position after the last element, where only 'add' can put a value")
        XCTAssertEqual(failure("/b"), "no such member 'b'")
        XCTAssertEqual(failure("/b/c"), "at /b: no such member 'b'")
        XCTAssertEqual(failure("/a/7/c"), "at /a/7: no such array element (the array has 3)")
        XCTAssertEqual(failure("/s/0"), "/s is a string, which has no member or element '0'")
    }

    func testAddInsertsAppendsOrReplaces() throws {
        var document = try parse(#"{"a": [1, 2]}"#)
        try document.add(.integer(0), at: JSONPointer(parsing: "/a/0"))
        try document.add(.integer(3), at: JSONPointer(parsing: "/a/3"))
        try document.add(.integer(4), at: JSONPointer(parsing: "/a/-"))
        try document.add(.string("x"), at: JSONPointer(parsing: "/b"))
        try document.add(.string("y"), at: JSONPointer(parsing: "/b"))
        XCTAssertEqual(document.pythonText(), #"{"a": [0, 1, 2, 3, 4], "b": "y"}"#)
        XCTAssertEqual(pointerError { try document.add(.null, at: JSONPointer(parsing: "/a/6")) },
                       "index 6 is past the end of the array (it has 5; 5 or '-' appends)")
        XCTAssertEqual(pointerError { try document.add(.null, at: JSONPointer(parsing: "/b/c")) },
                       "/b is a string, which has no member or element 'c'")
        try document.add(.integer(1), at: JSONPointer(parsing: ""))
        XCTAssertEqual(document, .integer(1))
    }

    func testRemoveAndReplaceNeedAnExistingTarget() throws {
        var document = try parse(#"{"a": [1, 2, 3], "b": {"c": 1}}"#)
        XCTAssertEqual(try document.remove(at: JSONPointer(parsing: "/a/1")), .integer(2))
        try document.replace(at: JSONPointer(parsing: "/b/c"), with: .bool(true))
        XCTAssertEqual(document.pythonText(), #"{"a": [1, 3], "b": {"c": true}}"#)
        XCTAssertEqual(pointerError { try document.remove(at: JSONPointer(parsing: "/a/2")) }, "no such array element (the array has 2)")
        XCTAssertEqual(pointerError { try document.remove(at: JSONPointer(parsing: "/a/-")) },
                       "'-' names the position after the last element, where only 'add' can put a value")
        XCTAssertEqual(pointerError { try document.replace(at: JSONPointer(parsing: "/b/d"), with: .null) }, "no such member 'd'")
        XCTAssertEqual(pointerError { try document.remove(at: JSONPointer(parsing: "")) }, "cannot remove the whole document")
        XCTAssertEqual(document.pythonText(), #"{"a": [1, 3], "b": {"c": true}}"#, "a failed edit leaves the document as it was")
    }
}
