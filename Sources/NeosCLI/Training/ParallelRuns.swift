import Foundation
import GSL

/// Runs independent jobs on all cores (one job per core, each with a single-threaded BLAS) and
/// returns their results in input order; the first error thrown by any job is rethrown.
enum ParallelRuns {
    static func map<T: Sendable>(_ count: Int, _ job: @Sendable (Int) throws -> T) throws -> [T] {
        if count == 1 { return [try job(0)] }
        BLAS.runOnCallingThread()
        let results = Results<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            do {
                results.store(.success(try job(index)), at: index)
            } catch {
                results.store(.failure(error), at: index)
            }
        }
        return try results.values()
    }

    private final class Results<T>: @unchecked Sendable {
        private var slots: [Result<T, Error>?]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func store(_ result: Result<T, Error>, at index: Int) {
            lock.lock()
            slots[index] = result
            lock.unlock()
        }

        func values() throws -> [T] {
            try slots.map { try $0!.get() }
        }
    }
}
