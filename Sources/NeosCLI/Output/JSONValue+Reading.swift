import HistFactory

extension JSONValue {
    /// The value of a JSON document read from text: integers stay integers, numbers with a
    /// fraction or exponent become `.number` (so a rendered value reads back as itself).
    init(_ document: JSONDocument) {
        switch document {
        case .null: self = .null
        case let .bool(value): self = .bool(value)
        case let .integer(value): self = .integer(value)
        case let .float(value): self = .number(value)
        case let .string(value): self = .string(value)
        case let .array(values): self = .array(values.map { JSONValue($0) })
        case let .object(members):
            self = .object(Dictionary(members.map { ($0.key, JSONValue($0.value)) }, uniquingKeysWith: { first, _ in first }))
        }
    }

    /// Parses JSON text.
    init(parsing text: String) throws {
        self.init(try JSONDocument(parsing: Array(text.utf8)))
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members[key]
    }

    /// The number, for `.number` and `.integer`; NaN for `null` (how non-finite numbers are written).
    var doubleValue: Double? {
        switch self {
        case let .number(value): return value
        case let .integer(value): return Double(value)
        case .null: return .nan
        default: return nil
        }
    }

    /// The numbers of an array (`null` entries as NaN).
    var doubles: [Double]? {
        guard case let .array(values) = self else { return nil }
        let numbers = values.compactMap(\.doubleValue)
        return numbers.count == values.count ? numbers : nil
    }

    var stringValue: String? {
        guard case let .string(text) = self else { return nil }
        return text
    }

    var arrayValue: [JSONValue]? {
        guard case let .array(values) = self else { return nil }
        return values
    }
}
