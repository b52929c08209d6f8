/// A zero-initialised `rows` × `columns` matrix of doubles whose rows concurrent chunks fill (each
/// chunk writes only its own row), added up row by row in order.
public final class PartialSums: @unchecked Sendable {
    public let rows: Int
    public let columns: Int
    private let storage: UnsafeMutablePointer<Double>

    public init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        storage = .allocate(capacity: max(1, rows * columns))
        storage.initialize(repeating: 0, count: max(1, rows * columns))
    }

    deinit {
        storage.deallocate()
    }

    /// The first value of row `index`.
    public func row(_ index: Int) -> UnsafeMutablePointer<Double> {
        storage + index * columns
    }

    /// The sums over rows, in row order, of the columns in `range` (all columns by default).
    public func columnSums(_ range: Range<Int>? = nil) -> [Double] {
        let range = range ?? 0..<columns
        var sums = [Double](repeating: 0, count: range.count)
        for row in 0..<rows {
            let pointer = self.row(row) + range.lowerBound
            for i in 0..<range.count {
                sums[i] += pointer[i]
            }
        }
        return sums
    }
}
