/// A JSON Patch (RFC 6902): a list of operations applied in order to a JSON document, as pyhf's
/// signal patches add a sample to every channel of a background-only workspace.
///
/// Operations are checked when the patch is read (an object with a known `op`, a JSON Pointer
/// `path`, `value` for add, replace and test, `from` for move and copy; other members are
/// ignored, §4) and applied all or nothing (§5): a failing operation leaves the document as it
/// was and names itself, `patch.json: operation 2 (test /baz): …`.
public struct JSONPatch: Equatable, Sendable {
    public enum Operation: Equatable, Sendable {
        case add(path: JSONPointer, value: JSONDocument)
        case remove(path: JSONPointer)
        case replace(path: JSONPointer, value: JSONDocument)
        case move(from: JSONPointer, path: JSONPointer)
        case copy(from: JSONPointer, path: JSONPointer)
        case test(path: JSONPointer, value: JSONDocument)

        /// `replace /channels/0/samples/9`, as messages name the operation.
        public var summary: String {
            switch self {
            case let .add(path, _): return "add \(path)"
            case let .remove(path): return "remove \(path)"
            case let .replace(path, _): return "replace \(path)"
            case let .move(from, path): return "move \(from) to \(path)"
            case let .copy(from, path): return "copy \(from) to \(path)"
            case let .test(path, _): return "test \(path)"
            }
        }
    }

    public var operations: [Operation]
    /// What messages call the patch: its file, or `file[NAME]` for a patch of a PatchSet.
    public var source: String

    /// Reads the patch document, an array of operation objects.
    public init(document: JSONDocument, source: String) throws {
        guard case let .array(elements) = document else {
            throw PatchError(source: source, "expected a JSON Patch (an array of operations), found \(document.kindDescription)")
        }
        self.source = source
        self.operations = try elements.enumerated().map { index, element in
            try Self.operation(element, index: index, source: source)
        }
    }

    /// Reads the JSON Patch file at `path`.
    public static func load(from path: String) throws -> JSONPatch {
        let document: JSONDocument
        do {
            document = try JSONDocument(contentsOfFile: path)
        } catch let error as JSONReadError {
            throw PatchError(source: path, error.message)
        }
        return try JSONPatch(document: document, source: path)
    }

    /// `document` with every operation applied in order.
    public func apply(to document: JSONDocument) throws -> JSONDocument {
        var result = document
        for (index, operation) in operations.enumerated() {
            do {
                try Self.apply(operation, to: &result)
            } catch let error as JSONPointerError {
                throw PatchError(source: source, at: "operation \(index) (\(operation.summary))", error.message)
            }
        }
        return result
    }

    private static func apply(_ operation: Operation, to document: inout JSONDocument) throws {
        switch operation {
        case let .add(path, value):
            try document.add(value, at: path)
        case let .remove(path):
            try document.remove(at: path)
        case let .replace(path, value):
            try document.replace(at: path, with: value)
        case let .move(from, path):
            guard !from.isProperPrefix(of: path) else {
                throw JSONPointerError("cannot move a value into one of its own children (§4.4)")
            }
            try document.add(try document.remove(at: from), at: path)
        case let .copy(from, path):
            try document.add(try document.value(at: from), at: path)
        case let .test(path, value):
            let actual = try document.value(at: path)
            guard actual == value else {
                throw JSONPointerError("test failed: the value is \(brief(actual)), expected \(brief(value))")
            }
        }
    }

    /// A value for a message, shortened when long.
    private static func brief(_ value: JSONDocument) -> String {
        let text = value.pythonText()
        return text.count <= 60 ? text : text.prefix(57) + "…"
    }

    /// One operation object, checked (§4).
    private static func operation(_ element: JSONDocument, index: Int, source: String) throws -> Operation {
        func failure(_ message: String, _ summary: String? = nil) -> PatchError {
            PatchError(source: source, at: "operation \(index)" + (summary.map { " (\($0))" } ?? ""), message)
        }
        guard case .object = element else {
            throw failure("expected an operation object, found \(element.kindDescription)")
        }
        guard let opValue = element["op"] else { throw failure("missing member 'op'") }
        guard case let .string(op) = opValue else { throw failure("'op' must be a string, found \(opValue.kindDescription)") }
        let pathText = element["path"]?.stringValue
        let summary = pathText.map { "\(op) \($0)" } ?? op
        guard ["add", "remove", "replace", "move", "copy", "test"].contains(op) else {
            throw failure("unknown op '\(op)' (expected add, remove, replace, move, copy or test)", summary)
        }
        func pointer(_ member: String) throws -> JSONPointer {
            guard let value = element[member] else { throw failure("missing member '\(member)'", summary) }
            guard case let .string(text) = value else {
                throw failure("'\(member)' must be a JSON Pointer string, found \(value.kindDescription)", summary)
            }
            do {
                return try JSONPointer(parsing: text)
            } catch let error as JSONPointerError {
                throw failure("'\(member)': \(error.message)", summary)
            }
        }
        func value() throws -> JSONDocument {
            guard let value = element["value"] else { throw failure("missing member 'value'", summary) }
            return value
        }
        switch op {
        case "add": return .add(path: try pointer("path"), value: try value())
        case "remove": return .remove(path: try pointer("path"))
        case "replace": return .replace(path: try pointer("path"), value: try value())
        case "move": return .move(from: try pointer("from"), path: try pointer("path"))
        case "copy": return .copy(from: try pointer("from"), path: try pointer("path"))
        default: return .test(path: try pointer("path"), value: try value())
        }
    }
}
