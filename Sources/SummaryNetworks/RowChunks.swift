import ChunkedWork
import GSL

/// A batch's rows in fixed chunks of 1024, processed concurrently when there is more than one
/// (see ``ChunkedWork/FixedChunks``: results are bit-for-bit the same on any number of cores).
///
/// A network's forward and backward passes run chunk by chunk on all cores, each chunk through
/// every layer, with single-threaded BLAS products (``GSL/BLAS/runOnCallingThread()``): for a
/// 2 → 100 → 100 → 1 network on 4 × 2000 events that is 1.7× as fast as multithreaded BLAS
/// products with the activations in between on one thread.
enum RowChunks {
    /// Rows per chunk.
    static let size = 1024

    static func count(rows: Int) -> Int {
        FixedChunks(total: rows, size: size).count
    }

    /// Calls `body(chunk, rows)` for every chunk. OpenBLAS is made single-threaded before the
    /// first network product of the process, so that no product is running when it changes.
    static func forEach(rows: Int, _ body: (Int, Range<Int>) -> Void) {
        BLAS.runOnCallingThread()
        FixedChunks(total: rows, size: size).forEach(concurrently: true, body)
    }
}
