// Shared by the EventData fuzz targets (compiled into the EventData module with each of them):
// read bytes the way EventTable.load reads a file, asking for the columns a caller would ask for,
// and use the table that comes back.
import Foundation

enum EventDataFuzzing {
    /// Column names a caller could ask for: the header line's names (as the CSV reader trims
    /// them), at most 16, then the same with a row limit, then one fixed name.
    static func readCSV(_ bytes: Data) {
        let firstLine = bytes.prefix { $0 != UInt8(ascii: "\n") }
        let names = String(decoding: firstLine, as: UTF8.self)
            .split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
            .prefix(16)
        let table = try? CSVTable.parse(bytes, file: "fuzz.csv", columns: Array(names), rowLimit: nil)
        use(table)
        // Windows line ends read as Unix ones do: the same text with CRLF gives the same table.
        if let table, !bytes.contains(UInt8(ascii: "\r")) {
            var crlf = Data()
            for byte in bytes {
                if byte == UInt8(ascii: "\n") { crlf.append(UInt8(ascii: "\r")) }
                crlf.append(byte)
            }
            let again = try? CSVTable.parse(crlf, file: "fuzz.csv", columns: Array(names), rowLimit: nil)
            precondition(again == table, "CRLF line ends read differently: \(String(describing: again)) instead of \(table)")
        }
        use(try? CSVTable.parse(bytes, file: "fuzz.csv", columns: Array(names.reversed()), rowLimit: 2))
        use(try? CSVTable.parse(bytes, file: "fuzz.csv", columns: ["x"], rowLimit: nil))
    }

    /// Every field of a structured array, then its numeric fields only (backwards, with a row
    /// limit), or as many unnamed columns as a plain 2-D array has (at most 16), with and without
    /// a row limit.
    static func readNumpy(_ bytes: Data) {
        guard let array = try? NumpyArray(bytes, file: "fuzz.npy") else { return }
        let names: [String], numeric: [String]
        if array.isStructured {
            names = Array(array.fields.map(\.name).prefix(16))
            numeric = Array(array.fields.filter(\.type.isNumeric).map(\.name).prefix(16))
        } else {
            let columns = array.shape.count == 2 ? array.shape[1] : 1
            names = (0..<min(max(columns, 0), 16)).map { "c\($0)" }
            numeric = names
        }
        use(try? array.table(columns: names, rowLimit: nil))
        use(try? array.table(columns: Array(numeric.reversed()), rowLimit: 1))
    }

    /// What a caller does with a table: read a column and a feature matrix.
    static func use(_ table: EventTable?) {
        guard let table, let first = table.columns.first else { return }
        _ = try? table.column(first)
        _ = try? table.rows(of: table.columns.reversed())
    }
}
