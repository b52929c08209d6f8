import ChunkedWork

/// Events in fixed chunks of 1024, processed concurrently when the work is large enough (see
/// ``ChunkedWork/FixedChunks``: results are bit-for-bit the same on any number of cores).
enum EventChunks {
    /// Events per chunk.
    static let size = 1024
    /// Below this many elementary operations the chunks run on the calling thread.
    static let parallelThreshold = 1 << 16

    static func count(events: Int) -> Int {
        FixedChunks(total: events, size: size).count
    }

    /// Calls `body(chunk, events)` for every chunk; `operationsPerEvent` estimates the cost.
    static func forEach(events: Int, operationsPerEvent: Int, _ body: (Int, Range<Int>) -> Void) {
        let operations = events.multipliedReportingOverflow(by: max(1, operationsPerEvent)).partialValue
        FixedChunks(total: events, size: size).forEach(concurrently: operations >= parallelThreshold, body)
    }
}
