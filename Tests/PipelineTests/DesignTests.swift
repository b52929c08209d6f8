import _Differentiation
import Foundation
import XCTest
@testable import Pipeline
@testable import SummaryNetworks

/// The INFERNO detector, the design objective and the joint optimisation of network and ψ.
final class DesignTests: XCTestCase {
    private func tiny(lambda: Double = 1, epochs: Int = 3) -> DesignConfiguration {
        var configuration = DesignConfiguration.standard(seed: 5, lambda: lambda).quick()
        configuration.epochs = epochs
        return configuration
    }

    func testInfernoDetectorSmearsX0AndAcceptsAboveTheThreshold() {
        let detector = InfernoDetector(resolutionCost: 0.02, rateCost: 0.1, turnOnWidth: 0.05)
        let events: [Double] = [0.5, 1.0, 0.1, -1.0, 2.0, 0.6]
        let measured = detector.measure(events, noise: [2, -1], parameters: [0.3, 0.2])
        XCTAssertEqual(measured.features, [0.5 + 0.6, 1.0, 0.1, -1.0 - 0.3, 2.0, 0.6])
        XCTAssertEqual(measured.weights[0], 1 / (1 + exp(2)), accuracy: 1e-15, "0.1 is 2 turn-on widths below t = 0.2")
        XCTAssertEqual(measured.weights[1], 1 / (1 + exp(-8)), accuracy: 1e-15)
        XCTAssertEqual(detector.cost([0.5, 0.4]), 0.02 / 0.5 + 0.1 * exp(-1.2), accuracy: 1e-15)
        let g = gradient(at: [0.5, 0.4]) { detector.cost($0) }.base
        XCTAssertEqual(g[0], -0.02 / 0.25, accuracy: 1e-14)
        XCTAssertEqual(g[1], -0.3 * exp(-1.2), accuracy: 1e-14)
    }

    /// The templates are acceptance-weighted, not renormalised: the expected yields fall with the
    /// threshold, the background (x₂ ~ Exp(3)) faster than the signal (Exp(2)).
    func testExpectedYieldsScaleWithTheAcceptance() throws {
        let trainer = try DesignTrainer(configuration: tiny(), detector: InfernoDetector())
        let sample = DesignSample(events: 8000, seed: 3, noisePerEvent: 1)
        func acceptance(_ events: [Double], threshold: Double) -> Double {
            trainer.objective.fractions(trainer.network, [1, threshold], events: events, noise: sample.signalNoise).reduce(0, +)
        }
        XCTAssertEqual(acceptance(sample.signal, threshold: -1), 1, accuracy: 1e-9)
        let (signal, background) = (acceptance(sample.signal, threshold: 0.5), acceptance(sample.background, threshold: 0.5))
        XCTAssertEqual(signal, exp(-1.0), accuracy: 0.02, "e^{−2t}, smeared by the turn-on")
        XCTAssertEqual(background, exp(-1.5), accuracy: 0.02, "e^{−3t}")
        let deltaMu = { (t: Double) in trainer.objective.deltaMu(trainer.network, [1, t], batch: sample.batch) }
        XCTAssertLessThan(deltaMu(0), deltaMu(0.5), "cutting events away loses information")
    }

    /// ∂L/∂ψ and a directional derivative along the network weights, from one reverse pass
    /// through detector, network, soft histograms and Fisher information, against central
    /// differences of the whole pipeline.
    func testGradientsOfTheWholePipelineMatchFiniteDifferences() throws {
        let trainer = try DesignTrainer(configuration: tiny(lambda: 2), detector: InfernoDetector())
        let check = trainer.gradientCheck()
        XCTAssertLessThan(check.maxRelativeError, 1e-5, "\(check)")
        XCTAssertTrue(check.analytic.allSatisfy { abs($0) > 1e-4 }, "both ψ components matter: \(check.analytic)")
        let (objective, batch, psi) = (trainer.objective, trainer.validation.batch, trainer.parameters)
        let network = trainer.network
        let g = gradient(at: network) { objective($0, psi, batch: batch) }.parameters
        let direction = network.parameters.indices.map { sin(Double($0) * 0.7) }
        func shifted(_ h: Double) -> Double {
            var moved = network
            moved.parameters = zip(network.parameters, direction).map { $0 + h * $1 }
            return objective(moved, psi, batch: batch)
        }
        let h = 1e-6
        let fd = (shifted(h) - shifted(-h)) / (2 * h)
        XCTAssertEqual(dot(g, direction), fd, accuracy: 1e-5 * abs(fd))
    }

    func testBoundedAdamKeepsParametersInsideTheirBounds() {
        var optimizer = BoundedAdam(learningRate: 0.5, bounds: [0.1...2, -1...1])
        var psi = [0.3, 0.9]
        optimizer.update(&psi, along: [1, -1])
        XCTAssertEqual(psi, [0.1, 1], "both steps would leave the box: projected onto its faces")
        optimizer.update(&psi, along: [-1, 1])
        // m̂ = (0.9·0.1 − 0.1)/(1 − 0.9²) = −1/19, v̂ = 1: the second step moves back in by lr/19.
        XCTAssertEqual(psi[0], 0.1 + 0.5 / 19, accuracy: 1e-8)
        XCTAssertEqual(psi[1], 1 - 0.5 / 19, accuracy: 1e-8)
    }

    /// Joint training lowers the objective, and a higher price of the detector buys a cheaper,
    /// coarser detector at a larger Δμ.
    func testJointTrainingTradesPrecisionForCost() throws {
        var cheap = try DesignTrainer(configuration: tiny(lambda: 0, epochs: 6), detector: InfernoDetector())
        var dear = try DesignTrainer(configuration: tiny(lambda: 10, epochs: 6), detector: InfernoDetector())
        try cheap.train()
        try dear.train()
        XCTAssertEqual(cheap.trajectory.count, 7)
        XCTAssertLessThan(cheap.trajectory.last!.objective, cheap.trajectory.first!.objective)
        XCTAssertLessThan(dear.trajectory.last!.objective, dear.trajectory.first!.objective)
        XCTAssertLessThan(cheap.parameters[0], 1, "free resolution: it gets finer")
        XCTAssertGreaterThan(dear.parameters[0], cheap.parameters[0])
        XCTAssertLessThan(dear.evaluate().cost, cheap.evaluate().cost)
        XCTAssertGreaterThan(dear.evaluate().deltaMu, cheap.evaluate().deltaMu)
    }

    func testInvalidConfigurationsAreRejected() {
        var outside = tiny()
        outside.initialParameters = [10, 0.2]
        XCTAssertThrowsError(try DesignTrainer(configuration: outside, detector: InfernoDetector())) { error in
            XCTAssertTrue("\(error)".contains("sigma_det = 10.0 is outside its bounds"), "\(error)")
        }
        var negative = tiny()
        negative.lambda = -.nan
        XCTAssertThrowsError(try DesignTrainer(configuration: negative, detector: InfernoDetector())) { error in
            XCTAssertTrue("\(error)".contains("λ must be finite"), "\(error)")
        }
    }
}
