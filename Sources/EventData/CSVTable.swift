import Foundation

/// Comma-separated values with a header line naming the columns (the format pandas'
/// `to_csv(index=False)` writes). Fields are unquoted numbers; quoted fields are read as text and
/// may only appear in columns that are not asked for.
enum CSVTable {
    static func parse(_ bytes: Data, file: String, columns wanted: [String], rowLimit: Int?) throws -> EventTable {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw EventFileError(file: file, "not UTF-8 text")
        }
        // With a row limit, the text past the header and `rowLimit` lines stays one unsplit piece.
        let splits = rowLimit.map { $0 + 1 } ?? Int.max
        // Swift reads "\r\n" as one Character, which is not "\n": split on both, or a file with
        // Windows line ends would be one long header line.
        var lines = text.split(maxSplits: splits, omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { line in line.hasSuffix("\r") ? line.dropLast() : line }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        guard let headerLine = lines.first else { throw EventFileError(file: file, "empty file: expected a header line") }
        let header = headerLine.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let indices = try wanted.map { name -> Int in
            guard let index = header.firstIndex(of: name) else {
                throw EventFileError(file: file, location: "line 1", column: name,
                                     "missing from the header (\(header.joined(separator: ",")))")
            }
            return index
        }
        var values: [Double] = []
        values.reserveCapacity((lines.count - 1) * wanted.count)
        for (offset, line) in lines.dropFirst().prefix(rowLimit ?? Int.max).enumerated() {
            let lineNumber = offset + 2
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count else {
                throw EventFileError(file: file, location: "line \(lineNumber)",
                                     "\(fields.count) fields, but the header has \(header.count)")
            }
            for (name, index) in zip(wanted, indices) {
                let field = fields[index].trimmingCharacters(in: .whitespaces)
                guard let value = Double(field) else {
                    throw EventFileError(file: file, location: "line \(lineNumber)", column: name, "'\(field)' is not a number")
                }
                guard value.isFinite else {
                    throw EventFileError(file: file, location: "line \(lineNumber)", column: name, "\(field) is not finite")
                }
                values.append(value)
            }
        }
        return EventTable(file: file, columns: wanted, values: values)
    }
}
