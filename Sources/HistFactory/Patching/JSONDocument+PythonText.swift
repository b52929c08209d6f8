extension JSONDocument {
    /// The text Python's `json.dumps(value, sort_keys=sortKeys, indent=indent, ensure_ascii=False)`
    /// writes for the same value, character for character: pyhf's digest hashes its UTF-8 bytes
    /// (with sorted keys, no indent), and a patched workspace is written back with it (file
    /// order, indented).
    ///
    /// - Separators are Python's defaults: `", "` and `": "` on one line; `","` and `": "` with
    ///   an indent, each member or element on its own line, empty containers as `[]` and `{}`.
    /// - `sortKeys` orders members by code point, as Python compares `str`.
    /// - Strings escape only `"`, `\` and the control characters below U+0020 (`\n`, `\r`,
    ///   `\t`, `\b`, `\f`, otherwise `\u00XX` in lowercase hex); everything else stays as is.
    /// - Integers are written as integers, floats as Python's `repr` (``Double/pythonRepr``).
    public func pythonText(sortKeys: Bool = false, indent: Int? = nil) -> String {
        var text = ""
        write(to: &text, sortKeys: sortKeys, indent: indent, level: 0)
        return text
    }

    private func write(to text: inout String, sortKeys: Bool, indent: Int?, level: Int) {
        switch self {
        case .null:
            text += "null"
        case let .bool(value):
            text += value ? "true" : "false"
        case let .integer(value):
            text += String(value)
        case let .float(value):
            text += value.pythonRepr
        case let .string(value):
            Self.writeQuoted(value, to: &text)
        case let .array(elements):
            writeContainer(elements, open: "[", close: "]", to: &text, indent: indent, level: level) { element, text in
                element.write(to: &text, sortKeys: sortKeys, indent: indent, level: level + 1)
            }
        case let .object(members):
            let ordered = sortKeys
                ? members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) { $0.value < $1.value } }
                : members
            writeContainer(ordered, open: "{", close: "}", to: &text, indent: indent, level: level) { member, text in
                Self.writeQuoted(member.key, to: &text)
                text += ": "
                member.value.write(to: &text, sortKeys: sortKeys, indent: indent, level: level + 1)
            }
        }
    }

    private func writeContainer<Item>(
        _ items: [Item], open: String, close: String, to text: inout String, indent: Int?, level: Int,
        writeItem: (Item, inout String) -> Void
    ) {
        text += open
        guard !items.isEmpty else {
            text += close
            return
        }
        if let indent {
            let inner = "\n" + String(repeating: " ", count: indent * (level + 1))
            for (i, item) in items.enumerated() {
                text += (i == 0 ? "" : ",") + inner
                writeItem(item, &text)
            }
            text += "\n" + String(repeating: " ", count: indent * level)
        } else {
            for (i, item) in items.enumerated() {
                if i > 0 { text += ", " }
                writeItem(item, &text)
            }
        }
        text += close
    }

    private static func writeQuoted(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
