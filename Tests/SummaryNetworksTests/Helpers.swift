import _Differentiation
import GSL
import XCTest
@testable import SummaryNetworks

/// Deterministic test data.
func randomArray(_ count: Int, seed: UInt, scale: Double = 1) -> [Double] {
    let stream = RandomStream(seed: seed)
    return (0..<count).map { _ in scale * stream.gaussian() }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    return zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Central finite difference of a scalar function along each coordinate of `point`.
func finiteDifferenceGradient(at point: [Double], step h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
    var gradient = [Double](repeating: 0, count: point.count)
    var x = point
    for i in point.indices {
        x[i] = point[i] + h
        let up = f(x)
        x[i] = point[i] - h
        let down = f(x)
        x[i] = point[i]
        gradient[i] = (up - down) / (2 * h)
    }
    return gradient
}

func assertClose(_ actual: [Double], _ expected: [Double], relative: Double = 1e-6, absolute: Double = 1e-8,
                 _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.count, expected.count, "\(what): sizes differ", file: file, line: line)
    guard actual.count == expected.count else { return }
    let scale = expected.map(abs).max() ?? 0
    for i in actual.indices where abs(actual[i] - expected[i]) > absolute + relative * max(abs(expected[i]), scale) {
        XCTFail("\(what)[\(i)]: \(actual[i]) vs expected \(expected[i])", file: file, line: line)
        return
    }
}

/// A small network with every layer using `activation` except the identity/softmax output.
func smallNetwork(hidden: Activation, output: Activation, seed: UInt = 5, sizes: [Int] = [3, 5, 4, 3]) -> MLP {
    var network = MLP(layerSizes: sizes, hidden: hidden, output: output, initializer: .xavierUniform, seed: seed)
    // Non-zero biases so that their gradients are exercised away from zero.
    var parameters = network.parameters
    for l in network.layers.indices {
        let biases = randomArray(network.biasRange(layer: l).count, seed: seed + UInt(l) + 100, scale: 0.3)
        for (i, b) in zip(network.biasRange(layer: l), biases) { parameters[i] = b }
    }
    network.parameters = parameters
    return network
}

let allActivations: [Activation] = [.relu, .sigmoid, .tanh, .identity, .softmax(temperature: 0.7)]
