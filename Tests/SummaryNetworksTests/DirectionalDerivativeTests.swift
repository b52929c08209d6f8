import _Differentiation
import XCTest
@testable import SummaryNetworks

final class DirectionalDerivativeTests: XCTestCase {
    let rows = 5

    /// J_f(x)·ẋ against the central difference (f(x + hẋ) − f(x − hẋ)) / 2h.
    func testDirectionalDerivativesMatchFiniteDifferences() {
        for activation in allActivations {
            let network = smallNetwork(hidden: activation, output: activation == .relu ? .sigmoid : activation)
            let batch = randomArray(rows * 3, seed: 50)
            let directions = [randomArray(rows * 3, seed: 51), randomArray(rows * 3, seed: 52), randomArray(rows * 3, seed: 53)]
            let out = network.withDirectionalDerivatives(batch, directions: directions)
            XCTAssertEqual(out.values, network(batch), "\(activation): values are the plain forward pass")
            XCTAssertEqual(out.derivatives.count, 3)
            let h = 1e-6
            for (k, d) in directions.enumerated() {
                let up = network(zip(batch, d).map { $0 + h * $1 })
                let down = network(zip(batch, d).map { $0 - h * $1 })
                let fd = zip(up, down).map { ($0 - $1) / (2 * h) }
                assertClose(out.derivatives[k], fd, "\(activation) JVP \(k)")
            }
            XCTAssertTrue(network.withDirectionalDerivatives(batch, directions: []).derivatives.isEmpty)
        }
    }

    /// The pullback of (values, derivatives) against finite differences in the weights, the batch
    /// and the directions; this exercises the activations' second derivatives.
    func testDirectionalPullbackMatchesFiniteDifferences() {
        for activation in allActivations {
            let network = smallNetwork(hidden: activation, output: activation == .relu ? .sigmoid : activation)
            let batch = randomArray(rows * 3, seed: 60)
            let directions = [randomArray(rows * 3, seed: 61), randomArray(rows * 3, seed: 62)]
            let vValues = randomArray(rows * 3, seed: 63)
            let vDerivatives = [randomArray(rows * 3, seed: 64), randomArray(rows * 3, seed: 65)]
            func scalar(_ out: DirectionalOutput) -> Double {
                dot(vValues, out.values) + dot(vDerivatives[0], out.derivatives[0]) + dot(vDerivatives[1], out.derivatives[1])
            }
            let (_, pb) = valueWithPullback(at: network, batch, directions) { n, x, d in
                n.withDirectionalDerivatives(x, directions: d)
            }
            let cotangent = DirectionalOutput.TangentVector(
                values: .init(vValues), derivatives: .init(vDerivatives.map { .init($0) }))
            let (g, gBatch, gDirections) = pb(cotangent)

            let fdParameters = finiteDifferenceGradient(at: network.parameters) { p in
                var copy = network
                copy.parameters = p
                return scalar(copy.withDirectionalDerivatives(batch, directions: directions))
            }
            assertClose(g.parameters, fdParameters, relative: 1e-5, "\(activation) directional parameter gradient")
            let fdBatch = finiteDifferenceGradient(at: batch) { x in
                scalar(network.withDirectionalDerivatives(x, directions: directions))
            }
            assertClose(gBatch.base, fdBatch, relative: 1e-5, "\(activation) directional batch gradient")
            for k in 0..<2 {
                let fdDirection = finiteDifferenceGradient(at: directions[k]) { d in
                    var ds = directions
                    ds[k] = d
                    return scalar(network.withDirectionalDerivatives(batch, directions: ds))
                }
                assertClose(gDirections.base[k].base, fdDirection, relative: 1e-5, "\(activation) direction \(k) gradient")
            }

            // Wrt the network alone (the registered wrt-self derivative) gives the same gradient.
            let onlyNetwork = pullback(at: network) { n in n.withDirectionalDerivatives(batch, directions: directions) }(cotangent)
            assertClose(onlyNetwork.parameters, g.parameters, relative: 1e-12, "\(activation) wrt-self directional gradient")
        }
    }

    /// A loss that reads only the derivatives, through the synthesized accessors, with zero (empty)
    /// cotangents for the values.
    func testGradientOfLossOnDerivativesOnly() {
        let network = smallNetwork(hidden: .tanh, output: .sigmoid, sizes: [2, 4, 1])
        let batch = randomArray(8, seed: 70)
        let direction = randomArray(8, seed: 71)
        @differentiable(reverse)
        func loss(_ n: MLP) -> Double {
            let d = n.withDirectionalDerivatives(batch, directions: [direction]).derivatives[0]
            var total = 0.0
            for i in withoutDerivative(at: d.indices) { total += d[i] * d[i] }
            return total
        }
        let g = gradient(at: network, of: loss)
        let fd = finiteDifferenceGradient(at: network.parameters) { p in
            var copy = network
            copy.parameters = p
            return copy.withDirectionalDerivatives(batch, directions: [direction]).derivatives[0].reduce(0) { $0 + $1 * $1 }
        }
        assertClose(g.parameters, fd, relative: 1e-5, "derivative-only loss gradient")

        let (_, pb) = valueWithPullback(at: network) { n in n.withDirectionalDerivatives(batch, directions: [direction]) }
        XCTAssertEqual(pb(.zero).parameters, [Double](repeating: 0, count: network.parameterCount))
    }
}
