import Foundation

/// Why JSON text or a JSON file could not be read: the file is missing or unreadable, or the
/// text is not JSON (with line and column). Callers attribute it to the file in their own error.
public struct JSONReadError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public var description: String { message }
}

extension JSONDocument {
    /// Parses UTF-8 JSON text strictly by RFC 8259: no comments, no trailing commas, no NaN or
    /// Infinity, no duplicate keys in an object (§4 says they SHOULD be unique; which one would
    /// count is not defined, and RFC 6902 Appendix A.13 relies on rejecting them). A leading
    /// UTF-8 byte order mark is skipped.
    public init(parsing bytes: some Collection<UInt8>) throws {
        var parser = Parser(bytes: Array(bytes))
        self = try parser.document()
    }

    /// Reads and parses the file at `path`.
    public init(contentsOfFile path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JSONReadError(message: "no such file")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JSONReadError(message: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(parsing: bytes)
    }
}

/// A recursive-descent reader over the bytes of one document.
private struct Parser {
    let bytes: [UInt8]
    var position = 0
    var depth = 0
    /// Deeper nesting is refused rather than risking the stack; workspaces nest about 8 deep.
    static let maximumDepth = 512

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    mutating func document() throws -> JSONDocument {
        skipWhitespace()
        let value = try self.value()
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    private mutating func value() throws -> JSONDocument {
        guard position < bytes.count else { throw error("unexpected end of the text, expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try nested { try $0.object() }
        case UInt8(ascii: "["): return try nested { try $0.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("expected a value, found \(found())")
        }
    }

    private mutating func nested(_ read: (inout Parser) throws -> JSONDocument) throws -> JSONDocument {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        return try read(&self)
    }

    private mutating func object() throws -> JSONDocument {
        position += 1
        var members: [JSONDocument.Member] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw error("expected a member name in double quotes, found \(found())")
            }
            let keyStart = position
            let key = try string()
            if members.contains(where: { $0.key.hasSameCodePoints(as: key) }) {
                position = keyStart
                throw error("duplicate member name \"\(key)\" in one object")
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after a member name, found \(found())") }
            skipWhitespace()
            members.append(JSONDocument.Member(key, try value()))
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return .object(members) }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or '}' in an object, found \(found())") }
        }
    }

    private mutating func array() throws -> JSONDocument {
        position += 1
        var elements: [JSONDocument] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or ']' in an array, found \(found())") }
        }
    }

    /// A string literal (RFC 8259 §7), the opening quote at `position`.
    private mutating func string() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun(_ parser: Parser) throws {
            guard let run = String(validating: parser.bytes[runStart..<parser.position], as: UTF8.self) else {
                throw parser.error("invalid UTF-8 in a string")
            }
            scalars.append(contentsOf: run.unicodeScalars)
        }
        while true {
            guard position < bytes.count else { throw error("unterminated string") }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try flushRun(self)
                position += 1
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character U+\(hex4(UInt32(byte))) must be escaped in a string") }
            if byte != UInt8(ascii: "\\") {
                position += 1
                continue
            }
            try flushRun(self)
            scalars.append(try escape())
            runStart = position
        }
    }

    /// The scalar of the escape sequence at `position` (a backslash); a `\u` escape of a high
    /// surrogate must be followed by one of a low surrogate.
    private mutating func escape() throws -> Unicode.Scalar {
        let start = position
        position += 1
        guard position < bytes.count else { throw error("unterminated string") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xDC00...0xDFFF).contains(unit) {
                position = start
                throw error("unpaired low surrogate \\u\(hex4(unit))")
            }
            guard (0xD800...0xDBFF).contains(unit) else { return Unicode.Scalar(unit)! }
            guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else {
                position = start
                throw error("high surrogate \\u\(hex4(unit)) is not followed by a low surrogate")
            }
            position += 2
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else {
                position = start
                throw error("high surrogate \\u\(hex4(unit)) is not followed by a low surrogate")
            }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        default:
            position = start
            throw error("invalid escape '\\\(Character(Unicode.Scalar(letter)))' in a string")
        }
    }

    /// The four hexadecimal digits of a `\u` escape.
    private mutating func hexUnit() throws -> UInt32 {
        guard position + 4 <= bytes.count,
              let text = String(validating: bytes[position..<position + 4], as: UTF8.self),
              text.allSatisfy(\.isHexDigit), let unit = UInt32(text, radix: 16)
        else { throw error("expected four hexadecimal digits after \\u") }
        position += 4
        return unit
    }

    /// A number (RFC 8259 §6): an integer when it has neither fraction nor exponent, as Python
    /// reads it.
    private mutating func number() throws -> JSONDocument {
        let start = position
        _ = consume(UInt8(ascii: "-"))
        guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit, found \(found())") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { throw error("a number cannot have a leading zero") }
        } else {
            skipDigits()
        }
        var isInteger = true
        if consume(UInt8(ascii: ".")) {
            isInteger = false
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit after '.', found \(found())") }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard position < bytes.count, isDigit(bytes[position]) else { throw error("expected a digit in the exponent, found \(found())") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isInteger {
            guard let value = Int(text) else {
                position = start
                throw error("the integer \(text) does not fit in 64 bits")
            }
            return .integer(value)
        }
        guard let value = Double(text), value.isFinite else {
            position = start
            throw error("the number \(text) is out of the range of a double")
        }
        return .float(value)
    }

    private mutating func literal(_ word: String) throws {
        guard bytes[position...].starts(with: word.utf8) else { throw error("expected a value, found \(found())") }
        position += word.utf8.count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// What stands at `position`, for messages.
    private func found() -> String {
        guard position < bytes.count else { return "the end of the text" }
        let scalarEnd = bytes[position...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? bytes.count
        return "'" + String(decoding: bytes[position..<scalarEnd], as: UTF8.self) + "'"
    }

    private func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// An error at `position`, with its line and column (counted in characters from 1).
    private func error(_ message: String) -> JSONReadError {
        let before = bytes[..<min(position, bytes.count)]
        let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
        let line = before.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let column = bytes[lineStart..<before.endIndex].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        return JSONReadError(message: "malformed JSON at line \(line), column \(column): \(message)")
    }
}
