import Foundation

/// Rows of cells printed in aligned columns separated by two spaces, with an optional header
/// and rule: the leading name columns left-aligned, the number columns after them right-aligned.
struct TextTable {
    var header: [String]?
    var rows: [[String]] = []
    /// How many leading columns hold names rather than numbers.
    var nameColumns: Int

    init(header: [String]? = nil, nameColumns: Int = 1) {
        self.header = header
        self.nameColumns = nameColumns
    }

    mutating func append(_ row: String...) {
        rows.append(row)
    }

    var rendered: String {
        let all = (header.map { [$0] } ?? []) + rows
        let columnCount = all.map(\.count).max() ?? 0
        let widths = (0..<columnCount).map { column in
            all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column < nameColumns ? cell + padding : padding + cell
            }
            let text = padded.joined(separator: "  ")
            return String(text.reversed().drop { $0 == " " }.reversed())
        }
        var lines = rows.map(line)
        if let header {
            lines.insert(contentsOf: [line(header), String(repeating: "-", count: widths.reduce(0, +) + 2 * (columnCount - 1))], at: 0)
        }
        return lines.joined(separator: "\n")
    }
}

/// Numbers as the tables print them.
enum Format {
    /// `value` with `digits` significant digits (`%g`), `nan` or `inf` when not finite.
    /// A duration in seconds, shown in milliseconds.
    static func milliseconds(_ seconds: Double) -> String {
        number(1e3 * seconds, digits: 4) + " ms"
    }

    static func number(_ value: Double, digits: Int = 6) -> String {
        String(format: "%.\(digits)g", value)
    }

    /// A list of numbers, comma separated.
    static func numbers(_ values: [Double], digits: Int = 6) -> String {
        values.map { number($0, digits: digits) }.joined(separator: ", ")
    }
}
