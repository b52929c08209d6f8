import Foundation

/// A NumPy `.npy` file (format versions 1–3, https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html):
/// either a plain 2-D (or 1-D) array of little-endian floats or integers, whose columns carry no
/// names and are taken to be the requested columns in order, or a 1-D structured array
/// (`df.to_records(index=False)`) whose numeric fields are picked by name.
struct NumpyArray {
    /// One field of a structured array, or the single element type of a plain array.
    struct Field {
        var name: String
        var type: ElementType
        var offset: Int
    }

    let file: String
    let fields: [Field]
    /// Whether `fields` are named record fields (structured array) or one plain element type.
    let isStructured: Bool
    let shape: [Int]
    let fortranOrder: Bool
    /// The bytes after the header.
    let payload: Data

    init(_ bytes: Data, file: String) throws {
        self.file = file
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
        let data = Data(bytes)  // zero-based indices
        guard data.count >= 10, Array(data[0..<6]) == magic else {
            throw EventFileError(file: file, "not a NumPy .npy file (the magic string \\x93NUMPY is missing)")
        }
        let major = data[6]
        guard (1...3).contains(major) else { throw EventFileError(file: file, "unsupported .npy format version \(major)") }
        let (lengthBytes, start): (Int, Int) = major == 1 ? (2, 8) : (4, 8)
        guard data.count >= start + lengthBytes else {
            throw EventFileError(file: file, "the .npy header is truncated: version \(major) needs a \(lengthBytes)-byte header length after the magic")
        }
        let headerLength = data[start..<(start + lengthBytes)].reversed().reduce(0) { $0 << 8 | Int($1) }
        let headerStart = start + lengthBytes
        guard data.count >= headerStart + headerLength,
              let header = String(data: data[headerStart..<(headerStart + headerLength)], encoding: major == 3 ? .utf8 : .isoLatin1)
        else { throw EventFileError(file: file, "the .npy header is truncated") }
        payload = data[(headerStart + headerLength)...]

        fortranOrder = header.contains("'fortran_order': True")
        guard let shapeText = Self.value(of: "shape", in: header) else {
            throw EventFileError(file: file, "the .npy header has no shape: \(header)")
        }
        shape = try Self.shape(shapeText, file: file)
        guard let descr = Self.value(of: "descr", in: header) else {
            throw EventFileError(file: file, "the .npy header has no descr: \(header)")
        }
        if descr.hasPrefix("[") {
            isStructured = true
            fields = try Self.structuredFields(descr, file: file)
        } else {
            isStructured = false
            let code = descr.trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            fields = [Field(name: "", type: try ElementType(code, file: file), offset: 0)]
        }
    }

    /// The dimensions of a shape tuple's contents (`3, 2`, `3,` or nothing): non-negative integers.
    private static func shape(_ text: String, file: String) throws -> [Int] {
        var entries = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if entries.last == "" { entries.removeLast() }  // `(3,)` and `()`
        return try entries.map { entry in
            guard let dimension = Int(entry), dimension >= 0 else {
                throw EventFileError(file: file, "the .npy header's shape (\(text)) is not a tuple of non-negative integers")
            }
            return dimension
        }
    }

    /// The text of `'key':` in the header dictionary: a tuple's contents, a whole list, or a
    /// quoted string's contents.
    private static func value(of key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)':") else { return nil }
        let rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard let first = rest.first else { return nil }
        switch first {
        case "(":
            guard let end = rest.firstIndex(of: ")") else { return nil }
            return String(rest[rest.index(after: rest.startIndex)..<end])
        case "[":
            var depth = 0
            for index in rest.indices {
                if rest[index] == "[" { depth += 1 }
                if rest[index] == "]" { depth -= 1; if depth == 0 { return String(rest[...index]) } }
            }
            return nil
        case "'", "\"":
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: first) else { return nil }
            return String(body[..<end])
        default:
            return nil
        }
    }

    /// The fields of a structured dtype `[('name', '<f8'), ('other', '<U12'), …]`.
    private static func structuredFields(_ descr: String, file: String) throws -> [Field] {
        var fields: [Field] = []
        var offset = 0
        var rest = Substring(descr.dropFirst().dropLast())
        while let open = rest.firstIndex(of: "(") {
            guard let close = rest[open...].firstIndex(of: ")") else { break }
            let parts = rest[rest.index(after: open)..<close].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            }
            guard parts.count == 2 else {
                throw EventFileError(file: file, "unsupported structured field \(rest[open...close]) (sub-arrays are not supported)")
            }
            let type = try ElementType(parts[1], file: file, field: parts[0])
            fields.append(Field(name: parts[0], type: type, offset: offset))
            let (end, overflow) = offset.addingReportingOverflow(type.size)
            guard !overflow else { throw EventFileError(file: file, column: parts[0], "the record is too large to address") }
            offset = end
            rest = rest[rest.index(after: close)...]
        }
        return fields
    }

    /// The requested columns as an ``EventTable``.
    func table(columns wanted: [String], rowLimit: Int?) throws -> EventTable {
        let recordSize = fields.reduce(0) { $0 + $1.type.size }
        var picks: [(name: String, field: Field, stride: Int, columnOffset: Int)] = []
        let rows: Int
        if isStructured {
            guard shape.count == 1 else {
                throw EventFileError(file: file, "a structured array must be 1-D, this one has shape \(shape)")
            }
            rows = shape[0]
            try checkPayload(rows: rows, bytesPerRow: [recordSize])
            picks = try wanted.map { name in
                guard let field = fields.first(where: { $0.name == name }) else {
                    throw EventFileError(file: file, column: name, "missing (the fields are \(fields.map(\.name).joined(separator: ", ")))")
                }
                guard field.type.isNumeric else {
                    throw EventFileError(file: file, column: name, "holds \(field.type.code), not numbers")
                }
                return (name, field, recordSize, 0)
            }
        } else {
            let columnCount = shape.count == 2 ? shape[1] : 1
            guard shape.count == 1 || shape.count == 2, columnCount == wanted.count else {
                let names = wanted.joined(separator: ", ")
                throw EventFileError(file: file, "a plain array has no column names, so it must have shape (N, \(wanted.count)) "
                    + "with the columns \(names) in this order; this one has shape \(shape)")
            }
            guard fields[0].type.isNumeric else { throw EventFileError(file: file, "holds \(fields[0].type.code), not numbers") }
            rows = shape[0]
            let size = fields[0].type.size
            // After this check, every offset below is inside the payload, so none overflows.
            try checkPayload(rows: rows, bytesPerRow: [columnCount, size])
            picks = wanted.enumerated().map { column, name in
                fortranOrder ? (name, fields[0], size, column * rows * size) : (name, fields[0], columnCount * size, column * size)
            }
        }
        let kept = min(rows, rowLimit ?? rows)
        var values = [Double](repeating: 0, count: kept * wanted.count)
        try payload.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for (column, pick) in picks.enumerated() {
                for row in 0..<kept {
                    let value = pick.field.type.read(raw, at: pick.columnOffset + row * pick.stride + pick.field.offset)
                    guard value.isFinite else {
                        throw EventFileError(file: file, location: "row \(row + 1)", column: pick.name, "\(value) is not finite")
                    }
                    values[row * wanted.count + column] = value
                }
            }
        }
        return EventTable(file: file, columns: wanted, values: values)
    }

    /// Throws unless the payload holds `rows` rows of the product of `bytesPerRow` bytes, a
    /// product that a header's shape can make overflow.
    private func checkPayload(rows: Int, bytesPerRow: [Int]) throws {
        let needed = try bytesPerRow.reduce(rows) { product, factor in
            let (result, overflow) = product.multipliedReportingOverflow(by: factor)
            guard !overflow else {
                throw EventFileError(file: file, "the shape \(shape) is too large: its data would not fit in memory")
            }
            return result
        }
        guard payload.count >= needed else {
            throw EventFileError(file: file, "the data are truncated: \(payload.count) bytes for \(rows) rows that need \(needed)")
        }
    }
}
