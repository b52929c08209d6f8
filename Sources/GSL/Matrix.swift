/// A dense row-major matrix of `Double`, the currency of the linear-algebra wrappers.
public struct Matrix: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    /// Row-major storage: element (i, j) is `elements[i * columns + j]`.
    public var elements: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from its rows; all rows must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "ragged rows")
        self.rows = rowArrays.count
        self.columns = columns
        self.elements = rowArrays.flatMap { $0 }
    }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    @inlinable
    public subscript(row: Int, column: Int) -> Double {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The rows as nested arrays (for JSON output).
    public var rowArrays: [[Double]] {
        (0..<rows).map { Array(elements[($0 * columns)..<(($0 + 1) * columns)]) }
    }

    public var diagonal: [Double] {
        (0..<min(rows, columns)).map { self[$0, $0] }
    }

    /// The square sub-matrix keeping the given row/column indices, in that order.
    public func submatrix(keeping indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: indices.count)
        for (a, i) in indices.enumerated() {
            for (b, j) in indices.enumerated() { result[a, b] = self[i, j] }
        }
        return result
    }

    /// y = A x.
    public func multiply(_ x: [Double]) -> [Double] {
        precondition(x.count == columns, "dimension mismatch")
        return (0..<rows).map { i in
            var sum = 0.0
            for j in 0..<columns { sum += elements[i * columns + j] * x[j] }
            return sum
        }
    }
}
