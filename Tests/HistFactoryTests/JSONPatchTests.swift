import XCTest
@testable import HistFactory

/// RFC 6902: the examples of Appendix A (A.1–A.16), the checks of §4 on each operation, and
/// errors that name the patch, the operation and its pointer.
final class JSONPatchTests: XCTestCase {
    private func parse(_ text: String) throws -> JSONDocument {
        try JSONDocument(parsing: Array(text.utf8))
    }

    private func apply(_ patch: String, to document: String) throws -> JSONDocument {
        try JSONPatch(document: parse(patch), source: "patch.json").apply(to: parse(document))
    }

    private func assertResult(_ document: String, _ patch: String, _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try apply(patch, to: document)
        XCTAssertEqual(result, try parse(expected), result.pythonText(), file: file, line: line)
    }

    private func assertError(_ document: String, _ patch: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try apply(patch, to: document), file: file, line: line) { error in
            XCTAssertEqual("\(error)", message, file: file, line: line)
        }
    }

    func testA1AddingAnObjectMember() throws {
        try assertResult(#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux"}]"#, #"{"baz": "qux", "foo": "bar"}"#)
    }

    func testA2AddingAnArrayElement() throws {
        try assertResult(#"{"foo": ["bar", "baz"]}"#, #"[{"op": "add", "path": "/foo/1", "value": "qux"}]"#, #"{"foo": ["bar", "qux", "baz"]}"#)
    }

    func testA3RemovingAnObjectMember() throws {
        try assertResult(#"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "remove", "path": "/baz"}]"#, #"{"foo": "bar"}"#)
    }

    func testA4RemovingAnArrayElement() throws {
        try assertResult(#"{"foo": ["bar", "qux", "baz"]}"#, #"[{"op": "remove", "path": "/foo/1"}]"#, #"{"foo": ["bar", "baz"]}"#)
    }

    func testA5ReplacingAValue() throws {
        try assertResult(#"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "replace", "path": "/baz", "value": "boo"}]"#, #"{"baz": "boo", "foo": "bar"}"#)
    }

    func testA6MovingAValue() throws {
        try assertResult(
            #"{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}"#,
            #"[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]"#,
            #"{"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}"#
        )
    }

    func testA7MovingAnArrayElement() throws {
        try assertResult(
            #"{"foo": ["all", "grass", "cows", "eat"]}"#, #"[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]"#,
            #"{"foo": ["all", "cows", "eat", "grass"]}"#
        )
    }

    func testA8TestingAValueSuccess() throws {
        let document = #"{"baz": "qux", "foo": ["a", 2, "c"]}"#
        try assertResult(document, #"[{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}]"#, document)
    }

    func testA9TestingAValueError() {
        assertError(#"{"baz": "qux"}"#, #"[{"op": "test", "path": "/baz", "value": "bar"}]"#,
                    #"patch.json: operation 0 (test /baz): test failed: the value is "qux", expected "bar""#)
    }

    func testA10AddingANestedMemberObject() throws {
        try assertResult(#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/child", "value": {"grandchild": {}}}]"#,
                         #"{"foo": "bar", "child": {"grandchild": {}}}"#)
    }

    func testA11IgnoringUnrecognizedElements() throws {
        try assertResult(#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]"#, #"{"foo": "bar", "baz": "qux"}"#)
    }

    func testA12AddingToANonexistentTarget() {
        assertError(#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz/bat", "value": "qux"}]"#,
                    "patch.json: operation 0 (add /baz/bat): at /baz: no such member 'baz'")
    }

    /// A second "op" in one operation: JSON object members must be unique, so the document is
    /// rejected instead of being read as either operation.
    func testA13InvalidJSONPatchDocument() {
        XCTAssertThrowsError(try parse(#"[{"op": "add", "path": "/baz", "value": "qux", "op": "remove"}]"#)) { error in
            XCTAssertTrue("\(error)".contains(#"duplicate member name "op""#), "\(error)")
        }
    }

    func testA14TildeEscapeOrdering() throws {
        let document = #"{"/": 9, "~1": 10}"#
        try assertResult(document, #"[{"op": "test", "path": "/~01", "value": 10}]"#, document)
    }

    func testA15ComparingStringsAndNumbers() {
        assertError(#"{"/": 9, "~1": 10}"#, #"[{"op": "test", "path": "/~01", "value": "10"}]"#,
                    #"patch.json: operation 0 (test /~01): test failed: the value is 10, expected "10""#)
    }

    func testA16AddingAnArrayValue() throws {
        try assertResult(#"{"foo": ["bar"]}"#, #"[{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]"#,
                         #"{"foo": ["bar", ["abc", "def"]]}"#)
    }

    func testCopyAndTestWithJSONEquality() throws {
        try assertResult(#"{"a": {"x": [1, 2.5]}, "b": {}}"#,
                         #"[{"op": "copy", "from": "/a/x", "path": "/b/y"}, {"op": "test", "path": "/b", "value": {"y": [1.0, 2.5]}}]"#,
                         #"{"a": {"x": [1, 2.5]}, "b": {"y": [1, 2.5]}}"#)
    }

    func testMoveIntoItsOwnChildIsRejected() {
        assertError(#"{"a": {"b": 1}}"#, #"[{"op": "move", "from": "/a", "path": "/a/b/c"}]"#,
                    "patch.json: operation 0 (move /a to /a/b/c): cannot move a value into one of its own children (§4.4)")
    }

    /// A failing operation names its index and pointer, and the earlier operations are undone.
    func testErrorsNameTheOperationAndThePointer() throws {
        let document = #"{"channels": [{"samples": [1, 2, 3, 4, 5, 6]}]}"#
        let patch = """
            [{"op": "add", "path": "/extra", "value": 1}, {"op": "test", "path": "/extra", "value": 1},
             {"op": "remove", "path": "/extra"}, {"op": "replace", "path": "/channels/0/samples/9", "value": 0}]
            """
        assertError(document, patch, "patch.json: operation 3 (replace /channels/0/samples/9): no such array element (the array has 6)")
        assertError(document, #"[{"op": "remove", "path": "/channels/1/samples"}]"#,
                    "patch.json: operation 0 (remove /channels/1/samples): at /channels/1: no such array element (the array has 1)")
    }

    func testMalformedOperationsAreRejectedWhenRead() {
        let cases: [(String, String)] = [
            (#"{"op": "add"}"#, "patch.json: expected a JSON Patch (an array of operations), found an object"),
            (#"[1]"#, "patch.json: operation 0: expected an operation object, found a number"),
            (#"[{"path": "/a"}]"#, "patch.json: operation 0: missing member 'op'"),
            (#"[{"op": 1, "path": "/a"}]"#, "patch.json: operation 0: 'op' must be a string, found a number"),
            (#"[{"op": "test", "path": "/a", "value": 1}, {"op": "frobnicate", "path": "/a"}]"#,
             "patch.json: operation 1 (frobnicate /a): unknown op 'frobnicate' (expected add, remove, replace, move, copy or test)"),
            (#"[{"op": "add", "value": 1}]"#, "patch.json: operation 0 (add): missing member 'path'"),
            (#"[{"op": "replace", "path": "/a"}]"#, "patch.json: operation 0 (replace /a): missing member 'value'"),
            (#"[{"op": "move", "path": "/a"}]"#, "patch.json: operation 0 (move /a): missing member 'from'"),
            (#"[{"op": "copy", "path": "/a", "from": 3}]"#, "patch.json: operation 0 (copy /a): 'from' must be a JSON Pointer string, found a number"),
            (#"[{"op": "remove", "path": "a/b"}]"#,
             "patch.json: operation 0 (remove a/b): 'path': 'a/b' is not a JSON Pointer (it must be empty or start with '/')"),
        ]
        for (patch, message) in cases {
            XCTAssertThrowsError(try JSONPatch(document: parse(patch), source: "patch.json"), patch) { error in
                XCTAssertEqual("\(error)", message)
            }
        }
        // `value` may be null: present, not missing.
        XCTAssertNoThrow(try JSONPatch(document: parse(#"[{"op": "add", "path": "/a", "value": null}]"#), source: "patch.json"))
    }
}
