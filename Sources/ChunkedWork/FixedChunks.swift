import Dispatch

/// `total` items (events, rows of a batch) in chunks of a fixed `size`, processed one after the
/// other or concurrently on all cores.
///
/// The chunks depend only on `total` and `size`, never on the number of cores or on scheduling.
/// Callers that reduce keep one row of ``PartialSums`` per chunk and add the rows in chunk
/// order, so their results are the same to the bit on one thread or many.
public struct FixedChunks: Sendable {
    public let total: Int
    public let size: Int

    public init(total: Int, size: Int) {
        precondition(total >= 0 && size > 0, "chunks of \(size) items over \(total) items")
        self.total = total
        self.size = size
    }

    /// The number of chunks (the last may be short).
    public var count: Int { (total + size - 1) / size }

    /// The items of chunk `chunk`.
    public func range(_ chunk: Int) -> Range<Int> {
        chunk * size ..< min(total, (chunk + 1) * size)
    }

    /// Calls `body(chunk, items)` for every chunk: concurrently when asked and there is more
    /// than one chunk, otherwise in order on the calling thread. `body` must write only what
    /// belongs to its chunk.
    public func forEach(concurrently: Bool, _ body: (Int, Range<Int>) -> Void) {
        if concurrently && count > 1 {
            nonisolated(unsafe) let body = body
            let chunks = self
            DispatchQueue.concurrentPerform(iterations: count) { chunk in
                body(chunk, chunks.range(chunk))
            }
        } else {
            for chunk in 0..<count {
                body(chunk, range(chunk))
            }
        }
    }
}
