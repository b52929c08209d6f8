import Foundation

/// Events read from a file: `rowCount` rows of the numeric `columns` asked for, stored row by
/// row, every value finite.
public struct EventTable: Equatable, Sendable {
    /// The file the events came from, for messages.
    public var file: String
    public var columns: [String]
    /// Row-major values: row r, column c at `values[r * columns.count + c]`.
    public var values: [Double]

    public init(file: String, columns: [String], values: [Double]) {
        precondition(columns.isEmpty ? values.isEmpty : values.count % columns.count == 0,
                     "\(values.count) values do not fill rows of \(columns.count) columns")
        self.file = file
        self.columns = columns
        self.values = values
    }

    public var rowCount: Int { columns.isEmpty ? 0 : values.count / columns.count }

    /// The values of one column, top to bottom.
    public func column(_ name: String) throws -> [Double] {
        guard let index = columns.firstIndex(of: name) else {
            throw EventFileError(file: file, column: name, "no such column; the table has \(columns.joined(separator: ", "))")
        }
        return stride(from: index, to: values.count, by: columns.count).map { values[$0] }
    }

    /// The rows of some columns in the order given, row-major (a feature matrix).
    public func rows(of names: [String]) throws -> [Double] {
        let indices = try names.map { name -> Int in
            guard let index = columns.firstIndex(of: name) else {
                throw EventFileError(file: file, column: name, "no such column; the table has \(columns.joined(separator: ", "))")
            }
            return index
        }
        var result: [Double] = []
        result.reserveCapacity(rowCount * names.count)
        for row in 0..<rowCount {
            let base = row * columns.count
            for index in indices { result.append(values[base + index]) }
        }
        return result
    }

    /// Reads `columns` from a CSV file (`.csv`, optionally gzip-compressed `.csv.gz`) or a NumPy
    /// array (`.npy`, optionally `.npy.gz`), chosen by the file name. Other columns of the file
    /// are ignored; a missing column, a value that is not a finite number, a ragged row or a
    /// malformed file is an ``EventFileError`` naming the file, the line or row and the column.
    /// `rowLimit` stops after that many rows (for quick looks at big files).
    public static func load(path: String, columns: [String], rowLimit: Int? = nil) throws -> EventTable {
        let name = (path as NSString).lastPathComponent
        guard let raw = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw EventFileError(file: path, exists ? "cannot be read" : "no such file")
        }
        let bytes = Gzip.isCompressed(raw) ? try Gzip.decompress(raw, file: path) : raw
        let stem = name.hasSuffix(".gz") ? String(name.dropLast(3)) : name
        if stem.hasSuffix(".npy") {
            return try NumpyArray(bytes, file: path).table(columns: columns, rowLimit: rowLimit)
        } else if stem.hasSuffix(".csv") {
            return try CSVTable.parse(bytes, file: path, columns: columns, rowLimit: rowLimit)
        }
        throw EventFileError(file: path, "unknown file type: expected .csv, .csv.gz, .npy or .npy.gz")
    }
}
