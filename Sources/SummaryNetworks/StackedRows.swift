/// A stacked batch in memory: `blocks` blocks of `rows` rows × `width` values, row-major, one block
/// after the other. Block 0 holds the primal rows; blocks 1…K the tangent rows of K directional
/// derivatives (see ``Kernels``). The kernels work on a range of rows in every block at once.
struct StackedRows {
    let base: UnsafeMutablePointer<Double>
    /// Rows per block.
    let rows: Int
    let blocks: Int
    let width: Int

    /// Values from one block to the next.
    var blockStride: Int { rows * width }

    /// Row r of block k.
    @inline(__always)
    func row(_ r: Int, block k: Int = 0) -> UnsafeMutablePointer<Double> {
        base + k * blockStride + r * width
    }
}

/// Calls `body` with pointers to the storage of new arrays of the given sizes and returns the
/// arrays. Their values are whatever `body` writes: it must write every one (the arrays are
/// not zero-filled; for `Double` any bit pattern is a valid value).
func withUninitializedArrays(_ counts: [Int], _ body: ([UnsafeMutablePointer<Double>]) -> Void) -> [[Double]] {
    func fill(_ remaining: ArraySlice<Int>, _ pointers: [UnsafeMutablePointer<Double>]) -> [[Double]] {
        guard let count = remaining.first else {
            body(pointers)
            return []
        }
        var rest: [[Double]] = []
        let array = [Double](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            rest = fill(remaining.dropFirst(), pointers + [buffer.baseAddress!])
            initialized = count
        }
        return [array] + rest
    }
    return fill(counts[...], [])
}

/// Calls `body` with pointers to the storage of `arrays`, for reading only: they are typed
/// mutable because ``StackedRows`` describes inputs and outputs alike, but nothing writes
/// through them.
func withPointers<Result>(to arrays: [[Double]], _ body: ([UnsafeMutablePointer<Double>]) -> Result) -> Result {
    func collect(_ index: Int, _ pointers: [UnsafeMutablePointer<Double>]) -> Result {
        guard index < arrays.count else { return body(pointers) }
        return arrays[index].withUnsafeBufferPointer { buffer in
            collect(index + 1, pointers + [buffer.baseAddress.map(UnsafeMutablePointer.init(mutating:)) ?? emptyStorage])
        }
    }
    return collect(0, [])
}

/// A valid address for empty arrays (never dereferenced: their stacks have no rows).
private nonisolated(unsafe) let emptyStorage = UnsafeMutablePointer<Double>.allocate(capacity: 1)
