/// Reading and editing the value a JSON Pointer names (RFC 6901 §4), the primitives of the
/// JSON Patch operations (RFC 6902 §4). A failure says what was missing and, when it is not the
/// last token, where (`at /channels/9: no such array element (the array has 4)`).
extension JSONDocument {
    /// The value `pointer` names; throws when it names nothing.
    public func value(at pointer: JSONPointer) throws -> JSONDocument {
        var current = self
        for depth in pointer.tokens.indices {
            current = try current.child(pointer, depth)
        }
        return current
    }

    /// Puts `value` at `pointer` (`add`, RFC 6902 §4.1): the whole document for the empty
    /// pointer; a new or replaced member of an object; an element inserted into an array before
    /// the index, or appended for the index `count` or `-`. The parent must exist.
    public mutating func add(_ value: JSONDocument, at pointer: JSONPointer) throws {
        guard let last = pointer.tokens.last else {
            self = value
            return
        }
        try modify(pointer, depth: 0, upTo: pointer.tokens.count - 1) { parent in
            switch parent {
            case var .object(members):
                if let index = members.firstIndex(where: { $0.key.hasSameCodePoints(as: last) }) {
                    members[index].value = value
                } else {
                    members.append(Member(last, value))
                }
                parent = .object(members)
            case var .array(elements):
                elements.insert(value, at: try JSONPointer.arrayIndex(last, count: elements.count, allowingEnd: true))
                parent = .array(elements)
            default:
                throw Self.noChild(parent, pointer, pointer.tokens.count - 1)
            }
        }
    }

    /// Removes and returns the value at `pointer` (`remove`, §4.2), which must exist; array
    /// elements after it move down by one.
    @discardableResult
    public mutating func remove(at pointer: JSONPointer) throws -> JSONDocument {
        guard let last = pointer.tokens.last else {
            throw JSONPointerError("cannot remove the whole document")
        }
        return try modify(pointer, depth: 0, upTo: pointer.tokens.count - 1) { parent in
            switch parent {
            case var .object(members):
                guard let index = members.firstIndex(where: { $0.key.hasSameCodePoints(as: last) }) else {
                    throw JSONPointerError("no such member '\(last)'")
                }
                let removed = members.remove(at: index).value
                parent = .object(members)
                return removed
            case var .array(elements):
                let removed = elements.remove(at: try JSONPointer.arrayIndex(last, count: elements.count, allowingEnd: false))
                parent = .array(elements)
                return removed
            default:
                throw Self.noChild(parent, pointer, pointer.tokens.count - 1)
            }
        }
    }

    /// Replaces the value at `pointer` (`replace`, §4.3), which must exist.
    public mutating func replace(at pointer: JSONPointer, with value: JSONDocument) throws {
        try modify(pointer, depth: 0, upTo: pointer.tokens.count) { $0 = value }
    }

    /// The child that token `depth` of `pointer` names in this value.
    private func child(_ pointer: JSONPointer, _ depth: Int) throws -> JSONDocument {
        let token = pointer.tokens[depth]
        switch self {
        case let .object(members):
            return try Self.located(pointer, depth) {
                guard let member = members.first(where: { $0.key.hasSameCodePoints(as: token) }) else {
                    throw JSONPointerError("no such member '\(token)'")
                }
                return member.value
            }
        case let .array(elements):
            return try Self.located(pointer, depth) {
                elements[try JSONPointer.arrayIndex(token, count: elements.count, allowingEnd: false)]
            }
        default:
            throw Self.noChild(self, pointer, depth)
        }
    }

    /// Runs `edit` in place on the value that the first `end` tokens of `pointer` name, walking
    /// down from token `depth`.
    private mutating func modify<Result>(
        _ pointer: JSONPointer, depth: Int, upTo end: Int, _ edit: (inout JSONDocument) throws -> Result
    ) throws -> Result {
        guard depth < end else {
            return try Self.located(pointer, depth) { try edit(&self) }
        }
        let token = pointer.tokens[depth]
        switch self {
        case var .object(members):
            let index = try Self.located(pointer, depth) {
                guard let index = members.firstIndex(where: { $0.key.hasSameCodePoints(as: token) }) else {
                    throw JSONPointerError("no such member '\(token)'")
                }
                return index
            }
            self = .null  // so that `members` is the only reference and is edited without a copy
            defer { self = .object(members) }
            return try members[index].value.modify(pointer, depth: depth + 1, upTo: end, edit)
        case var .array(elements):
            let index = try Self.located(pointer, depth) {
                try JSONPointer.arrayIndex(token, count: elements.count, allowingEnd: false)
            }
            self = .null
            defer { self = .array(elements) }
            return try elements[index].modify(pointer, depth: depth + 1, upTo: end, edit)
        default:
            throw Self.noChild(self, pointer, depth)
        }
    }

    /// Runs `body`, prefixing a failure about token `depth` with the place when that token is
    /// not the pointer's last.
    private static func located<Result>(_ pointer: JSONPointer, _ depth: Int, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as JSONPointerError {
            throw locate(error, pointer, depth)
        }
    }

    /// "/a is a string, which has no member or element 'b'": token `depth` of `pointer` asks a
    /// scalar for a child.
    private static func noChild(_ scalar: JSONDocument, _ pointer: JSONPointer, _ depth: Int) -> JSONPointerError {
        let container = JSONPointer(tokens: Array(pointer.tokens.prefix(depth)))
        let place = container.tokens.isEmpty ? "the document" : container.description
        return JSONPointerError("\(place) is \(scalar.kindDescription), which has no member or element '\(pointer.tokens[depth])'")
    }

    private static func locate(_ error: JSONPointerError, _ pointer: JSONPointer, _ depth: Int) -> JSONPointerError {
        guard depth + 1 < pointer.tokens.count else { return error }
        return JSONPointerError("at \(JSONPointer(tokens: Array(pointer.tokens.prefix(depth + 1)))): \(error.message)")
    }
}
