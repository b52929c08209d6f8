/// A JSON Pointer (RFC 6901): the empty string for the whole document, otherwise `/`-separated
/// reference tokens in which `~1` stands for `/` and `~0` for `~` (§3, §4).
public struct JSONPointer: Equatable, Sendable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text. Throws for text that neither is empty nor starts with `/`, and for
    /// a `~` not followed by `0` or `1`.
    public init(parsing text: String) throws {
        guard !text.isEmpty else {
            self.tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw JSONPointerError("'\(text)' is not a JSON Pointer (it must be empty or start with '/')")
        }
        self.tokens = try text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { escaped in
            // ~1 first, then ~0 (§4): "~01" is "~1", not "/".
            var token = ""
            var characters = escaped.makeIterator()
            while let character = characters.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch characters.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw JSONPointerError("'\(text)' has a '~' that is not followed by 0 or 1")
                }
            }
            return token
        }
    }

    /// The pointer text, escaped again.
    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }

    /// Whether `other` points strictly inside the value this one points to.
    public func isProperPrefix(of other: JSONPointer) -> Bool {
        other.tokens.count > tokens.count && Array(other.tokens.prefix(tokens.count)) == tokens
    }

    /// The array index a reference token names (§4): `0` or digits without a leading zero, and
    /// below `count`; with `allowingEnd` (the `add` operation) also `count` itself or `-`, the
    /// position after the last element. Throws with the reason otherwise.
    static func arrayIndex(_ token: String, count: Int, allowingEnd: Bool) throws -> Int {
        if token == "-" {
            guard allowingEnd else {
                throw JSONPointerError("'-' names the position after the last element, where only 'add' can put a value")
            }
            return count
        }
        guard !token.isEmpty, token.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw JSONPointerError("'\(token)' is not an array index")
        }
        guard token == "0" || !token.hasPrefix("0") else {
            throw JSONPointerError("'\(token)' is not an array index (no leading zeros)")
        }
        guard let index = Int(token), index < count || (allowingEnd && index == count) else {
            if allowingEnd {
                throw JSONPointerError("index \(token) is past the end of the array (it has \(count); \(count) or '-' appends)")
            }
            throw JSONPointerError("no such array element (the array has \(count))")
        }
        return index
    }
}

/// Why a pointer is malformed or names nothing in a document.
public struct JSONPointerError: Error, CustomStringConvertible, Equatable, Sendable {
    public var message: String
    public var description: String { message }

    public init(_ message: String) {
        self.message = message
    }
}
