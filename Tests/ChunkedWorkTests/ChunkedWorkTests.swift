import ChunkedWork
import Foundation
import XCTest

final class ChunkedWorkTests: XCTestCase {
    func testChunksCoverEveryItemOnce() {
        for (total, size) in [(0, 4), (1, 4), (4, 4), (5, 4), (4097, 1024)] {
            let chunks = FixedChunks(total: total, size: size)
            let ranges = (0..<chunks.count).map(chunks.range)
            XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<total), "\(total) in \(size)s")
            XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty && $0.count <= size }, "\(total) in \(size)s")
        }
    }

    /// Concurrent chunks filling their own rows give the same sums, bit for bit, as serial ones.
    func testConcurrentPartialSumsEqualSerialOnes() {
        let values = (0..<10_000).map { sin(Double($0)) * 1e3 + 1e-3 * Double($0) }
        let chunks = FixedChunks(total: values.count, size: 1000)
        func sums(concurrently: Bool) -> [Double] {
            let partial = PartialSums(rows: chunks.count, columns: 3)
            chunks.forEach(concurrently: concurrently) { chunk, range in
                let row = partial.row(chunk)
                for i in range { row[i % 3] += values[i] }
            }
            return partial.columnSums()
        }
        let serial = sums(concurrently: false)
        for _ in 0..<5 { XCTAssertEqual(sums(concurrently: true), serial) }
        let direct: Double = stride(from: 1, to: values.count, by: 3).map { values[$0] }.reduce(0, +)
        let scale: Double = values.map(abs).reduce(0, +)
        XCTAssertEqual(serial[1], direct, accuracy: 1e-12 * scale)
        let partial = PartialSums(rows: 2, columns: 4)
        partial.row(0)[2] = 1; partial.row(1)[2] = 2; partial.row(1)[3] = 5
        XCTAssertEqual(partial.columnSums(2..<4), [3, 5])
    }
}
