/// A JSON document built in memory and rendered on one line with sorted object keys, numbers
/// in their shortest round-tripping form, and `null` for non-finite numbers.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number, or `null` when it is NaN or infinite.
    static func finite(_ value: Double) -> JSONValue {
        value.isFinite ? .number(value) : .null
    }

    /// An array of numbers (non-finite entries as `null`).
    static func numbers(_ values: [Double]) -> JSONValue {
        .array(values.map(finite))
    }

    /// An array of rows of numbers, or `null` when there is no matrix.
    static func matrix(_ rows: [[Double]]?) -> JSONValue {
        rows.map { .array($0.map(numbers)) } ?? .null
    }

    /// The JSON text.
    var rendered: String {
        switch self {
        case .null:
            return "null"
        case let .bool(value):
            return value ? "true" : "false"
        case let .integer(value):
            return String(value)
        case let .number(value):
            // Swift's description is the shortest text that reads back as the same Double.
            return value.isFinite ? String(describing: value) : "null"
        case let .string(value):
            return Self.quoted(value)
        case let .array(values):
            return "[" + values.map(\.rendered).joined(separator: ", ") + "]"
        case let .object(members):
            let fields = members.keys.sorted().map { Self.quoted($0) + ": " + members[$0]!.rendered }
            return "{" + fields.joined(separator: ", ") + "}"
        }
    }

    /// `text` as a JSON string literal (RFC 8259 §7).
    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
