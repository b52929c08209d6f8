import XCTest
@testable import SummaryNetworks

final class InitializationTests: XCTestCase {
    func testSeededInitializationIsReproducible() {
        let a = MLP(layerSizes: [3, 100, 100, 10], hidden: .relu, output: .identity, initializer: .heNormal, seed: 777)
        let b = MLP(layerSizes: [3, 100, 100, 10], hidden: .relu, output: .identity, initializer: .heNormal, seed: 777)
        let c = MLP(layerSizes: [3, 100, 100, 10], hidden: .relu, output: .identity, initializer: .heNormal, seed: 778)
        XCTAssertEqual(a.parameters.map(\.bitPattern), b.parameters.map(\.bitPattern))
        XCTAssertNotEqual(a.parameters, c.parameters)
        XCTAssertEqual(a.layerSizes, [3, 100, 100, 10])
        XCTAssertEqual(a.parameterCount, 3 * 100 + 100 + 100 * 100 + 100 + 100 * 10 + 10)
        for layer in a.layers { XCTAssertTrue(layer.bias.allSatisfy { $0 == 0 }) }
        XCTAssertEqual(a.layers.map(\.activation), [.relu, .relu, .identity])
    }

    func testHeNormalVariance() {
        let network = MLP(layerSizes: [400, 500], hidden: .relu, output: .relu, initializer: .heNormal, seed: 9)
        let w = network.layers[0].weight
        let mean = w.reduce(0, +) / Double(w.count)
        let std = (w.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(w.count - 1)).squareRoot()
        let expected = (2.0 / 400).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 4 * expected / Double(w.count).squareRoot())
        XCTAssertEqual(std, expected, accuracy: 0.01 * expected)
    }

    func testXavierUniformRangeAndVariance() {
        let network = MLP(layerSizes: [300, 500], hidden: .tanh, output: .tanh, initializer: .glorotUniform, seed: 10)
        let w = network.layers[0].weight
        let limit = (6.0 / 800).squareRoot()
        XCTAssertTrue(w.allSatisfy { abs($0) <= limit })
        let variance = w.reduce(0) { $0 + $1 * $1 } / Double(w.count)
        XCTAssertEqual(variance, 2.0 / 800, accuracy: 0.01 * 2.0 / 800)
        XCTAssertGreaterThan(w.map(abs).max()!, 0.99 * limit)
    }

    func testFlatParametersRoundTrip() {
        var network = MLP(layerSizes: [2, 3, 2], hidden: .sigmoid, output: .softmax(temperature: 0.5), seed: 3)
        let values = (0..<network.parameterCount).map { Double($0) / 10 }
        network.parameters = values
        XCTAssertEqual(network.parameters, values)
        XCTAssertEqual(network.layers[0].weight, Array(values[network.weightRange(layer: 0)]))
        XCTAssertEqual(network.layers[1].bias, Array(values[network.biasRange(layer: 1)]))
        XCTAssertEqual(network.biasRange(layer: 1).upperBound, network.parameterCount)
    }
}
