import Foundation
import XCTest
@testable import SummaryNetworks

final class OptimizerTests: XCTestCase {
    /// f(w) = Σ c_i (w_i − t_i)², ∇f = 2 c (w − t).
    let targets = [1.5, -2.0, 0.25, 3.0]
    let curvatures = [1.0, 10.0, 0.1, 2.0]
    func gradient(_ w: [Double]) -> [Double] { w.indices.map { 2 * curvatures[$0] * (w[$0] - targets[$0]) } }

    func testOneSGDStepIsExact() {
        var sgd = SGD(learningRate: 0.05)
        let w0 = [0.3, -0.7, 1.1, 0.0]
        var w = w0
        let g = gradient(w)
        sgd.update(&w, along: g)
        XCTAssertEqual(w, w0.indices.map { w0[$0] - 0.05 * g[$0] })
        var unchanged = w
        sgd.update(&unchanged, along: [])
        XCTAssertEqual(unchanged, w)
    }

    func testAdamStepsFollowTheFormula() {
        let lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-8
        var adam = Adam(learningRate: lr, beta1: b1, beta2: b2, epsilon: eps)
        var w = [0.3, -0.7, 1.1, 0.0]
        var m = [Double](repeating: 0, count: 4), v = m
        var expected = w
        for t in 1...3 {
            let g = gradient(w)
            for i in 0..<4 {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                let mHat = m[i] / (1 - pow(b1, Double(t)))
                let vHat = v[i] / (1 - pow(b2, Double(t)))
                expected[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
            adam.update(&w, along: g)
            XCTAssertEqual(w, expected)
            XCTAssertEqual(adam.step, t)
        }
    }

    func testAdamReachesTheMinimumAndResumesFromACheckpoint() throws {
        var adam = Adam(learningRate: 0.05)
        var w = [0.0, 0.0, 0.0, 0.0]
        for _ in 0..<500 { adam.update(&w, along: gradient(w)) }
        let checkpoint = try JSONEncoder().encode(adam)
        var resumed = try JSONDecoder().decode(Adam.self, from: checkpoint)
        XCTAssertEqual(resumed, adam)
        var wResumed = w
        for _ in 0..<3000 {
            adam.update(&w, along: gradient(w))
            resumed.update(&wResumed, along: gradient(wResumed))
        }
        XCTAssertEqual(w, wResumed, "a resumed optimiser continues exactly")
        for i in 0..<4 { XCTAssertEqual(w[i], targets[i], accuracy: 1e-3) }
    }

    func testOptimizerUpdatesANetwork() {
        var network = MLP(layerSizes: [2, 3, 1], hidden: .tanh, output: .identity, initializer: .heNormal, seed: 1)
        let before = network.parameters
        let g = MLP.TangentVector(parameters: (0..<network.parameterCount).map { Double($0) })
        var sgd = SGD(learningRate: 0.5)
        sgd.update(&network, along: g)
        XCTAssertEqual(network.parameters, before.indices.map { before[$0] - 0.5 * Double($0) })
        // move(by:) agrees with the flat view.
        var moved = network
        moved.move(by: g)
        XCTAssertEqual(moved.parameters, network.parameters.indices.map { network.parameters[$0] + Double($0) })
        moved.move(by: .zero)
        XCTAssertEqual(moved.parameters.count, network.parameterCount)
        XCTAssertEqual(g + .zero, g)
        XCTAssertEqual(MLP.TangentVector.zero, MLP.TangentVector(parameters: [0, 0]))
    }
}
