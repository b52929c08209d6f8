import Dispatch

/// Fixed-size chunks of events, processed concurrently when the work is large enough.
///
/// The chunking depends only on the number of events, never on the number of cores or on
/// scheduling, and callers combine per-chunk partial sums in chunk order: results are
/// bit-for-bit reproducible whether the chunks run on one thread or many.
enum EventChunks {
    /// Events per chunk.
    static let size = 1024
    /// Below this many elementary operations the chunks run on the calling thread.
    static let parallelThreshold = 1 << 16

    static func count(events: Int) -> Int {
        (events + size - 1) / size
    }

    static func range(_ chunk: Int, events: Int) -> Range<Int> {
        chunk * size ..< min(events, (chunk + 1) * size)
    }

    /// Calls `body(chunk, events)` for every chunk; `operationsPerEvent` estimates the cost.
    static func forEach(events: Int, operationsPerEvent: Int, _ body: (Int, Range<Int>) -> Void) {
        let chunks = count(events: events)
        if chunks > 1, events.multipliedReportingOverflow(by: max(1, operationsPerEvent)).partialValue >= parallelThreshold {
            // Each chunk touches only its own outputs (see PartialSums), so sharing `body` is safe.
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(chunk, range(chunk, events: events))
            }
        } else {
            for chunk in 0..<chunks {
                body(chunk, range(chunk, events: events))
            }
        }
    }
}

/// A zero-initialised scratch matrix of `rows` × `columns` doubles whose rows the chunks fill
/// concurrently (each chunk writes only its own row).
final class PartialSums: @unchecked Sendable {
    let rows: Int
    let columns: Int
    let storage: UnsafeMutablePointer<Double>

    init(rows: Int, columns: Int) {
        self.rows = rows
        self.columns = columns
        storage = .allocate(capacity: max(1, rows * columns))
        storage.initialize(repeating: 0, count: max(1, rows * columns))
    }

    deinit {
        storage.deallocate()
    }

    func row(_ index: Int) -> UnsafeMutablePointer<Double> {
        storage + index * columns
    }

    /// Column sums, adding the rows in order.
    func columnSums() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        for row in 0..<rows {
            let pointer = self.row(row)
            for column in 0..<columns {
                sums[column] += pointer[column]
            }
        }
        return sums
    }
}
