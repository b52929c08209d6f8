/// A JSON value (RFC 8259) as a file wrote it, for patching and for hashing the way pyhf does.
///
/// Unlike `JSONSerialization` it keeps what Python's `json` module keeps, because pyhf's digest
/// and a patched file written back depend on it: objects keep their members in file order, and
/// integers (`1`) stay distinct from floats (`1.0`). `==` is JSON equality as RFC 6902 §4.6
/// defines it for the `test` operation: numbers compare by value (`1 == 1.0`), objects compare
/// as unordered sets of members, strings compare code point by code point.
public enum JSONDocument: Sendable {
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits an `Int`.
    case integer(Int)
    /// Any other number: with a fraction or an exponent.
    case float(Double)
    case string(String)
    case array([JSONDocument])
    /// Members in file order; keys are unique (the parser rejects duplicates, RFC 8259 §4).
    case object([Member])

    public struct Member: Sendable {
        public var key: String
        public var value: JSONDocument

        public init(_ key: String, _ value: JSONDocument) {
            self.key = key
            self.value = value
        }
    }

    /// The value of member `key` when this is an object that has it.
    public subscript(key: String) -> JSONDocument? {
        guard case let .object(members) = self else { return nil }
        return members.first { $0.key.hasSameCodePoints(as: key) }?.value
    }

    /// The text when this is a string.
    public var stringValue: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    /// "an object", "a string", … for messages that say what was found.
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .float: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

extension JSONDocument: Equatable {
    public static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null):
            return true
        case let (.bool(a), .bool(b)):
            return a == b
        case let (.integer(a), .integer(b)):
            return a == b
        case let (.float(a), .float(b)):
            return a == b
        case let (.integer(a), .float(b)), let (.float(b), .integer(a)):
            // Exactly, without rounding `a` to a Double: 2^53 + 1 is not 2^53.
            return Int(exactly: b) == a
        case let (.string(a), .string(b)):
            return a.hasSameCodePoints(as: b)
        case let (.array(a), .array(b)):
            return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { member in
                b.first { $0.key.hasSameCodePoints(as: member.key) }?.value == member.value
            }
        default:
            return false
        }
    }
}

extension String {
    /// Equality of JSON strings and keys (RFC 6902 §4.6, Python's `==`): the same code points.
    /// Swift's `==` would also equate canonically equivalent strings, `"é"` and `"e\u{301}"`.
    func hasSameCodePoints(as other: String) -> Bool {
        unicodeScalars.elementsEqual(other.unicodeScalars)
    }
}
