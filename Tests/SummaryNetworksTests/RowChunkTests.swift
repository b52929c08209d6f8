import _Differentiation
@testable import SummaryNetworks
import XCTest

/// A batch of more than one chunk of rows runs chunk by chunk on all cores, each chunk through
/// every layer: it must give the values and gradients of the same batch cut into pieces of less
/// than a chunk (each then one chunk), with and without directional derivatives.
final class RowChunkTests: XCTestCase {
    let rows = 2 * RowChunks.size + 300  // three chunks, the last one partial
    let pieceRows = 700

    private var pieces: [Range<Int>] {
        stride(from: 0, to: rows, by: pieceRows).map { $0 ..< min(rows, $0 + pieceRows) }
    }

    private func slice(_ values: [Double], _ rows: Range<Int>, width: Int) -> [Double] {
        Array(values[(rows.lowerBound * width)..<(rows.upperBound * width)])
    }

    func testChunkedBatchMatchesSingleChunkPieces() {
        XCTAssertGreaterThan(RowChunks.count(rows: rows), 1)
        XCTAssertEqual(pieces.map { RowChunks.count(rows: $0.count) }, [Int](repeating: 1, count: pieces.count))
        let cases: [(Activation, Activation, [Int])] = [(.relu, .sigmoid, [3, 40, 20, 1]), (.tanh, .softmax(temperature: 0.5), [6, 16, 5])]
        for (hidden, output, sizes) in cases {
            let network = smallNetwork(hidden: hidden, output: output, sizes: sizes)
            let (inputs, outputs) = (sizes.first!, sizes.last!)
            let batch = randomArray(rows * inputs, seed: 90)
            let directions = [randomArray(rows * inputs, seed: 91), randomArray(rows * inputs, seed: 92)]
            let v = (0..<3).map { randomArray(rows * outputs, seed: 93 + UInt($0)) }
            func cotangent(_ rows: Range<Int>) -> DirectionalOutput.TangentVector {
                DirectionalOutput.TangentVector(values: .init(slice(v[0], rows, width: outputs)),
                                                derivatives: .init(v[1...].map { .init(slice($0, rows, width: outputs)) }))
            }

            let all = 0..<rows
            let (fullPlain, fullPlainPullback) = valueWithPullback(at: network, batch) { n, x in n(x) }
            let fullPlainGradients = fullPlainPullback(.init(v[0]))
            let (fullJVP, fullJVPPullback) = valueWithPullback(at: network, batch) { n, x in
                n.withDirectionalDerivatives(x, directions: directions)
            }
            let fullJVPGradients = fullJVPPullback(cotangent(all))
            var piecePlain: [Double] = [], pieceJVP: [[Double]] = [[], [], []]
            var plainNetwork = [Double](repeating: 0, count: network.parameterCount), jvpNetwork = plainNetwork
            var plainBatch: [Double] = [], jvpBatch: [Double] = []
            for piece in pieces {
                let x = slice(batch, piece, width: inputs)
                let d = directions.map { slice($0, piece, width: inputs) }
                let (value, pullback) = valueWithPullback(at: network, x) { n, x in n(x) }
                let gradients = pullback(.init(slice(v[0], piece, width: outputs)))
                piecePlain += value
                for i in plainNetwork.indices { plainNetwork[i] += gradients.0.parameters[i] }
                plainBatch += gradients.1.base
                let (jvpValue, jvpPullback) = valueWithPullback(at: network, x) { n, x in n.withDirectionalDerivatives(x, directions: d) }
                let jvpGradients = jvpPullback(cotangent(piece))
                for (k, part) in ([jvpValue.values] + jvpValue.derivatives).enumerated() { pieceJVP[k] += part }
                for i in jvpNetwork.indices { jvpNetwork[i] += jvpGradients.0.parameters[i] }
                jvpBatch += jvpGradients.1.base
            }
            let context = "\(hidden)/\(output) \(sizes)"
            assertClose(fullPlain, piecePlain, relative: 1e-13, absolute: 1e-14, "values, \(context)")
            for (k, part) in ([fullJVP.values] + fullJVP.derivatives).enumerated() {
                assertClose(part, pieceJVP[k], relative: 1e-13, absolute: 1e-14, "JVP values \(k), \(context)")
            }
            assertClose(fullPlainGradients.0.parameters, plainNetwork, relative: 1e-11, absolute: 1e-11, "network gradient, \(context)")
            assertClose(fullPlainGradients.1.base, plainBatch, relative: 1e-11, absolute: 1e-12, "batch gradient, \(context)")
            assertClose(fullJVPGradients.0.parameters, jvpNetwork, relative: 1e-11, absolute: 1e-11, "JVP network gradient, \(context)")
            assertClose(fullJVPGradients.1.base, jvpBatch, relative: 1e-11, absolute: 1e-12, "JVP batch gradient, \(context)")
        }
    }

    /// Chunks run concurrently, but their partial sums are added in chunk order: repeated runs
    /// agree bit for bit.
    func testChunkedGradientIsRepeatable() {
        let network = smallNetwork(hidden: .relu, output: .sigmoid, sizes: [3, 40, 20, 1])
        let batch = randomArray(rows * 3, seed: 97)
        let v = randomArray(rows, seed: 98)
        let first = pullback(at: network) { n in n(batch) }(.init(v))
        for _ in 0..<5 {
            XCTAssertEqual(pullback(at: network) { n in n(batch) }(.init(v)).parameters, first.parameters)
        }
    }
}
