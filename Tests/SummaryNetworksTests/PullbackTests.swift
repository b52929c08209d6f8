import _Differentiation
import GSL
import XCTest
@testable import SummaryNetworks

final class PullbackTests: XCTestCase {
    /// The pullback of the whole network against central finite differences, for every activation
    /// (as hidden activation and as output), wrt weights, biases and inputs.
    func testNetworkPullbackMatchesFiniteDifferences() {
        for activation in allActivations {
            for output in [activation, .identity] {
                let network = smallNetwork(hidden: activation, output: output)
                let rows = 4
                let batch = randomArray(rows * 3, seed: 11)
                let v = randomArray(rows * 3, seed: 12)
                let (value, pb) = valueWithPullback(at: network, batch) { n, x in n(x) }
                XCTAssertEqual(value, network(batch))
                let (networkGradient, batchGradient) = pb(.init(v))

                let p0 = network.parameters
                let fdParameters = finiteDifferenceGradient(at: p0) { p in
                    var copy = network
                    copy.parameters = p
                    return dot(v, copy(batch))
                }
                assertClose(networkGradient.parameters, fdParameters, "\(activation)/\(output) parameter gradient")
                let fdBatch = finiteDifferenceGradient(at: batch) { x in dot(v, network(x)) }
                assertClose(batchGradient.base, fdBatch, "\(activation)/\(output) input gradient")

                // The derivative registered wrt the network alone gives the same parameter gradient.
                let onlyNetwork = pullback(at: network) { n in n(batch) }(.init(v))
                XCTAssertEqual(onlyNetwork.parameters, networkGradient.parameters)
            }
        }
    }

    func testGradientThroughComposedScalarLoss() {
        let network = smallNetwork(hidden: .tanh, output: .sigmoid, sizes: [2, 6, 1])
        let batch = randomArray(10, seed: 3)
        @differentiable(reverse)
        func loss(_ n: MLP) -> Double {
            let y = n(batch)
            var total = 0.0
            for i in withoutDerivative(at: y.indices) { total += y[i] * y[i] }
            return total
        }
        let g = gradient(at: network, of: loss)
        let fd = finiteDifferenceGradient(at: network.parameters) { p in
            var copy = network
            copy.parameters = p
            return copy(batch).reduce(0) { $0 + $1 * $1 }
        }
        assertClose(g.parameters, fd, "composed loss gradient")
    }

    func testZeroTangentIsAccepted() {
        let network = smallNetwork(hidden: .relu, output: .sigmoid)
        let batch = randomArray(6, seed: 4)
        let (_, pb) = valueWithPullback(at: network, batch) { n, x in n(x) }
        let (g, x) = pb(.zero)
        XCTAssertEqual(g.parameters, [Double](repeating: 0, count: network.parameterCount))
        XCTAssertEqual(x.base, [Double](repeating: 0, count: batch.count))
    }

    func testDenseLayerPullback() {
        for activation in allActivations {
            let layer = Dense(weight: randomArray(12, seed: 20), bias: randomArray(4, seed: 21), inputs: 3, outputs: 4,
                              activation: activation)
            let batch = randomArray(15, seed: 22)
            let v = randomArray(20, seed: 23)
            let (g, x) = pullback(at: layer, batch) { l, b in l(b) }(.init(v))
            let fdWeight = finiteDifferenceGradient(at: layer.weight) { w in
                dot(v, Dense(weight: w, bias: layer.bias, inputs: 3, outputs: 4, activation: activation)(batch))
            }
            let fdBias = finiteDifferenceGradient(at: layer.bias) { b in
                dot(v, Dense(weight: layer.weight, bias: b, inputs: 3, outputs: 4, activation: activation)(batch))
            }
            let fdBatch = finiteDifferenceGradient(at: batch) { b in dot(v, layer(b)) }
            assertClose(g.weight.base, fdWeight, "\(activation) dense weight gradient")
            assertClose(g.bias.base, fdBias, "\(activation) dense bias gradient")
            assertClose(x.base, fdBatch, "\(activation) dense input gradient")
            let wrtSelf = pullback(at: layer) { l in l(batch) }(.init(v))
            XCTAssertEqual(wrtSelf.weight.base, g.weight.base)
        }
    }

    func testMLPMatchesLayerByLayerEvaluation() {
        let network = smallNetwork(hidden: .relu, output: .softmax(temperature: 2))
        let batch = randomArray(9, seed: 30)
        var x = batch
        for layer in network.layers { x = layer(x) }
        XCTAssertEqual(network(batch), x)
        // Hand computation of the first row through the first layer.
        let l0 = network.layers[0]
        for j in 0..<l0.outputs {
            var z = l0.bias[j]
            for i in 0..<l0.inputs { z += batch[i] * l0.weight[i * l0.outputs + j] }
            XCTAssertEqual(l0(batch)[j], max(z, 0), accuracy: 1e-14)
        }
    }

    func testSoftmaxWithTemperature() {
        let logits = [1.0, 2.0, 0.5, -1.0, 3.0, 3.0]
        for temperature in [0.1, 0.5, 1.0, 4.0] {
            let y = Activation.softmax(temperature: temperature)(logits, width: 3)
            for r in 0..<2 {
                let row = Array(logits[(3 * r)..<(3 * r + 3)])
                let exps = row.map { exp($0 / temperature) }
                let total = exps.reduce(0, +)
                for j in 0..<3 { XCTAssertEqual(y[3 * r + j], exps[j] / total, accuracy: 1e-14) }
                XCTAssertEqual(y[(3 * r)..<(3 * r + 3)].reduce(0, +), 1, accuracy: 1e-14)
            }
            let v = [0.3, -1.2, 0.7, 2.0, 0.1, -0.4]
            let g = pullback(at: logits) { x in Activation.softmax(temperature: temperature)(x, width: 3) }(.init(v))
            let fd = finiteDifferenceGradient(at: logits, step: 1e-6 * temperature) { x in
                dot(v, Activation.softmax(temperature: temperature)(x, width: 3))
            }
            assertClose(g.base, fd, relative: 1e-5, "softmax T=\(temperature) gradient")
        }
        // Small temperature approaches a one-hot assignment; large logits do not overflow.
        let sharp = Activation.softmax(temperature: 0.01)([0, 1, 1000], width: 3)
        XCTAssertEqual(sharp, [0, 0, 1])
    }

    func testElementwiseActivationsAndTheirPullbacks() {
        let x = [-2.0, -0.3, 0.4, 1.7, 5.0, -6.0]
        XCTAssertEqual(Activation.relu(x, width: 2), [0, 0, 0.4, 1.7, 5.0, 0])
        XCTAssertEqual(Activation.identity(x, width: 3), x)
        for (i, value) in Activation.sigmoid(x, width: 1).enumerated() { XCTAssertEqual(value, 1 / (1 + exp(-x[i])), accuracy: 1e-15) }
        for (i, value) in Activation.tanh(x, width: 6).enumerated() { XCTAssertEqual(value, tanh(x[i]), accuracy: 1e-15) }
        let v = randomArray(6, seed: 40)
        for activation in allActivations {
            let g = pullback(at: x) { x in activation(x, width: 2) }(.init(v))
            let fd = finiteDifferenceGradient(at: x) { x in dot(v, activation(x, width: 2)) }
            assertClose(g.base, fd, "\(activation) activation gradient")
        }
    }
}

final class KernelPathTests: XCTestCase {
    /// The loop used for narrow inputs and the outer product used for single-output layers agree
    /// with BLAS.
    func testSpecialProductsAgreeWithBLAS() {
        for inner in 1...Kernels.smallInnerDimension {
            let x = randomArray(7 * inner, seed: 80), w = randomArray(inner * 5, seed: 81)
            var product = [Double](repeating: .nan, count: 35)
            product.withUnsafeMutableBufferPointer { out in
                Kernels.smallProduct(x, rows: 7, inner: inner, w, columns: 5, into: out.baseAddress!)
            }
            assertClose(product, BLAS.product(x, rows: 7, columns: inner, times: w, rows: inner, columns: 5),
                        relative: 1e-15, absolute: 1e-15, "small product, inner \(inner)")
        }
        let u = randomArray(9, seed: 82), v = randomArray(4, seed: 83)
        var outer = [Double](repeating: .nan, count: 36)
        outer.withUnsafeMutableBufferPointer { out in Kernels.outerProduct(u, 9, v, 4, into: out.baseAddress!) }
        XCTAssertEqual(outer, BLAS.product(u, rows: 9, columns: 1, times: v, rows: 4, columns: 1, transposingB: true))
    }

    /// A network whose input layer is wide enough for BLAS, with the input gradient through the
    /// single-output outer product.
    func testWideInputNetworkPullback() {
        let network = smallNetwork(hidden: .relu, output: .sigmoid, sizes: [6, 5, 1])
        let batch = randomArray(18, seed: 84)
        let v = randomArray(3, seed: 85)
        let (g, x) = pullback(at: network, batch) { n, b in n(b) }(.init(v))
        let fd = finiteDifferenceGradient(at: network.parameters) { p in
            var copy = network
            copy.parameters = p
            return dot(v, copy(batch))
        }
        assertClose(g.parameters, fd, "wide-input parameter gradient")
        assertClose(x.base, finiteDifferenceGradient(at: batch) { dot(v, network($0)) }, "wide-input batch gradient")
    }
}
