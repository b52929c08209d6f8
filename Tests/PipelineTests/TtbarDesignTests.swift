import _Differentiation
import Foundation
import GSL
import Objectives
import XCTest
@testable import Pipeline
@testable import SummaryNetworks

/// The ttbar design: the p_T,τ proxy, the acceptance and cost, the JER interpolation of the
/// templates, and the gradients of the whole objective.
final class TtbarDesignTests: XCTestCase {
    /// Central differences of f at x along every component.
    private func numericGradient(_ x: [Double], step: Double, _ f: ([Double]) -> Double) -> [Double] {
        x.indices.map { i in
            var up = x, down = x
            up[i] += step
            down[i] -= step
            return (f(up) - f(down)) / (2 * step)
        }
    }

    /// Raw features of one event with a massless τh of `pt` back from E̸_T by Δφ (only met, Δφ
    /// and m_T matter for the proxy).
    private func event(pt: Double, met: Double, deltaPhi: Double, other: Double = 0.3) -> [Double] {
        let mt = (2 * pt * met * (1 - cos(deltaPhi))).squareRoot()
        return [other, other, other, met, deltaPhi, mt, 3 * pt, 4 * pt]
    }

    /// A sample of every process and variation with physical met, Δφ and m_T: p_T,τ = 45 + Exp
    /// (harder for QCD), variations scale p_T and shift the other features a little.
    private func sample(rows: Int = 150) -> TtbarSample {
        let stream = RandomStream(seed: 9)
        var events: [TtbarProcess: [TtbarVariation: TtbarEvents]] = [:]
        for (p, process) in TtbarProcess.allCases.enumerated() {
            let base = (0..<rows).map { _ in (pt: 45 + (process == .qcd ? 40 : 20) * -log(stream.uniform() + 1e-12),
                                              met: 20 + 60 * stream.uniform(), phi: 0.3 + 2.8 * stream.uniform(), x: stream.gaussian() + Double(p)) }
            let weights = (0..<rows).map { _ in 0.5 + stream.uniform() }
            for (v, variation) in TtbarVariation.allCases.enumerated() {
                let factor = 1 + 0.03 * Double(v % 3) * (v % 2 == 0 ? 1 : -1)
                let features = base.flatMap { event(pt: $0.pt * factor, met: $0.met, deltaPhi: $0.phi, other: $0.x * factor) }
                events[process, default: [:]][variation] = TtbarEvents(features: features, weights: weights)
            }
        }
        return TtbarSample(events: events)
    }

    func testTauPtProxyRecoversAMasslessTauAndCapsCollinearEvents() {
        let features = event(pt: 70, met: 50, deltaPhi: 2) + event(pt: 46, met: 25, deltaPhi: 0.4) + [0, 0, 0, 40, 0, 5, 0, 0]
        let proxies = TauPtProxy.values(features)
        XCTAssertEqual(proxies[0], 70, accuracy: 1e-10)
        XCTAssertEqual(proxies[1], 46, accuracy: 1e-10)
        XCTAssertEqual(proxies[2], TauPtProxy.maximum, "Δφ = 0: capped")
        let scaling = FeatureScaling(fitting: features, width: 8)
        let again = TauPtProxy.values(standardised: scaling.apply(features), scaling: scaling)
        for (a, b) in zip(again, proxies) { XCTAssertEqual(a, b, accuracy: 1e-9 * b) }
    }

    func testProductPullbackMatchesFiniteDifferences() {
        let a = [0.3, -1.2, 2.0], b = [1.5, 0.4, -0.7], v = [0.2, -0.5, 1.1]
        let f: ([Double], [Double]) -> Double = { x, y in zip(DetectorResponse.product(x, y), v).map { $0 * $1 }.reduce(0, +) }
        let (ga, gb) = gradient(at: a, b) { x, y in
            let p = DetectorResponse.product(x, y)
            var total = 0.0
            for k in withoutDerivative(at: p.indices) { total += p[k] * v[k] }
            return total
        }
        XCTAssertEqual(ga.base, numericGradient(a, step: 1e-6) { f($0, b) }, accuracy: 1e-9)
        XCTAssertEqual(gb.base, numericGradient(b, step: 1e-6) { f(a, $0) }, accuracy: 1e-9)
    }

    func testResolutionInterpolatesBetweenTheJERFilesAndMovesEveryVariation() {
        let bins = 2
        let histograms = TtbarWorkspace.histograms
        let source = (0..<(histograms.count * bins + 3)).map { 10 + Double(($0 * 7) % 11) }
        let resolution = TtbarResolution(bins: bins, normalisationOnly: [.wJets])
        func at(_ h: (TtbarProcess, TtbarVariation), _ values: [Double]) -> [Double] {
            let k = histograms.firstIndex { $0 == h }!
            return Array(values[(k * bins)..<((k + 1) * bins)])
        }
        XCTAssertEqual(resolution(source, scale: 1), source, accuracy: 1e-12, "r = 1 is the sample")
        let coarse = resolution(source, scale: 1.1), fine = resolution(source, scale: 0.9)
        XCTAssertEqual(at((.signal, .nominal), coarse), at((.signal, .jerUp), source), accuracy: 1e-12)
        XCTAssertEqual(at((.signal, .nominal), fine), at((.signal, .jerDown), source), accuracy: 1e-12)
        let shift = zip(at((.signal, .nominal), coarse), at((.signal, .nominal), source)).map { $0 - $1 }
        XCTAssertEqual(at((.signal, .jesUp), coarse), zip(at((.signal, .jesUp), source), shift).map { $0 + $1 }, accuracy: 1e-12)
        // The JER nuisance moves to r(1 ± 0.1): at r = 1.1 its down template is at 0.99, α = −0.1.
        let (n, u, d) = (at((.signal, .nominal), source), at((.signal, .jerUp), source), at((.signal, .jerDown), source))
        for b in 0..<bins {
            XCTAssertEqual(at((.signal, .jerDown), coarse)[b], DifferentiableInterpolation.value(.code4p, -0.1, lo: d[b], nominal: n[b], hi: u[b]), accuracy: 1e-12)
            XCTAssertEqual(at((.signal, .jerUp), coarse)[b], n[b] + 2.1 * (u[b] - n[b]), accuracy: 1e-12, "linear beyond α = 1")
        }
        XCTAssertEqual(at((.wJets, .nominal), coarse), at((.wJets, .nominal), source), "normalisation-only processes stay")
        XCTAssertEqual(Array(coarse.suffix(3)), Array(source.suffix(3)), "staterror entries pass through")

        // Gradients in the templates and in r, inside and outside |α| ≤ 1.
        let v = source.indices.map { sin(Double($0)) }
        func f(_ s: [Double], _ r: Double) -> Double { zip(resolution(s, scale: r), v).map { $0 * $1 }.reduce(0, +) }
        for r in [0.93, 1.04] {
            let (gs, gr) = gradient(at: source, r) { s, r in
                let moved = resolution(s, scale: r)
                var total = 0.0
                for k in withoutDerivative(at: moved.indices) { total += moved[k] * v[k] }
                return total
            }
            XCTAssertEqual(gr, (f(source, r + 1e-6) - f(source, r - 1e-6)) / 2e-6, accuracy: 1e-6 * max(1, abs(gr)))
            XCTAssertEqual(gs.base, numericGradient(source, step: 1e-5) { f($0, r) }, accuracy: 1e-7)
        }
    }

    func testCostFallsWithTheThresholdAndCoarserResolution() {
        let detector = TtbarDetector(resolutionCost: 0.05, rateCost: 0.1, turnOnWidth: 2)
        let pts = [46.0, 55, 70, 120], weights = [1.0, 2, 1, 0.5]
        XCTAssertEqual(detector.acceptance(pts, threshold: 55)[1], 0.5, accuracy: 1e-15)
        let fraction = detector.acceptedFraction(pts, weights: weights, threshold: 60)
        let expected = zip(pts, weights).map { $1 / (1 + exp(-($0 - 60) / 2)) }.reduce(0, +) / 4.5
        XCTAssertEqual(fraction, expected, accuracy: 1e-15)
        let cost = { (psi: [Double]) in detector.cost(psi, rateTransverseMomenta: pts, rateWeights: weights) }
        XCTAssertEqual(cost([1.1, 60]), 0.1 * expected, accuracy: 1e-15, "no resolution cost at the coarsest r")
        XCTAssertGreaterThan(cost([0.9, 60]), cost([1.0, 60]))
        XCTAssertGreaterThan(cost([1.0, 50]), cost([1.0, 70]))
        for psi in [[0.95, 52.0], [1.07, 68.0]] {
            let g = gradient(at: psi) { detector.cost($0, rateTransverseMomenta: pts, rateWeights: weights) }.base
            XCTAssertEqual(g, numericGradient(psi, step: 1e-6, cost), accuracy: 1e-9)
        }
    }

    /// ∂L/∂ψ and ∂L/∂φ of the whole objective (acceptance, network, soft histograms, JER
    /// interpolation, Fisher information) against central differences, at an interior ψ.
    func testObjectiveGradientsMatchFiniteDifferences() throws {
        var configuration = TtbarDesignConfiguration.standard(seed: 3, lambda: 2).quick()
        configuration.ttbar.infernoHidden = [6]
        configuration.ttbar.infernoBins = 4
        configuration.ttbar.temperature = 1
        configuration.ttbar.minimumEffectiveEntriesForShapes = 1
        configuration.initialParameters = [1.04, 58]
        let benchmark = try TtbarBenchmark(sample: sample(), configuration: configuration.ttbar)
        let trainer = try TtbarDesignTrainer(configuration: configuration, detector: TtbarDetector(), benchmark: benchmark)
        let check = trainer.gradientCheck(step: 1e-5)
        XCTAssertLessThan(check.maxRelativeError, 1e-6, "\(check)")
        XCTAssertTrue(check.analytic.allSatisfy { $0 != 0 }, "both parameters matter: \(check.analytic)")

        let (objective, batch, network, psi) = (trainer.objective, trainer.validation, trainer.network, trainer.parameters)
        let g = gradient(at: network) { objective($0, psi, batch: batch) }
        for index in [0, 7, network.parameterCount - 1] {
            var up = network, down = network
            up.parameters[index] += 1e-5
            down.parameters[index] -= 1e-5
            let numeric = (objective(up, psi, batch: batch) - objective(down, psi, batch: batch)) / 2e-5
            XCTAssertEqual(g.parameters[index], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "weight \(index)")
        }
    }

    func testHigherThresholdsRaiseDeltaMuAndLowerTheCost() throws {
        var configuration = TtbarDesignConfiguration.standard(seed: 3).quick()
        configuration.ttbar.minimumEffectiveEntriesForShapes = 1
        let benchmark = try TtbarBenchmark(sample: sample(), configuration: configuration.ttbar)
        let trainer = try TtbarDesignTrainer(configuration: configuration, detector: TtbarDetector(), benchmark: benchmark)
        let (objective, batch, network) = (trainer.objective, trainer.evaluation, trainer.network)
        let low = objective.deltaMu(network, [1, 45], batch: batch), high = objective.deltaMu(network, [1, 90], batch: batch)
        XCTAssertGreaterThan(high, low, "fewer events, larger Δμ")
        XCTAssertGreaterThan(objective.cost([1, 45]), objective.cost([1, 90]))
    }

    func testInvalidConfigurationsAreRejected() {
        var configuration = TtbarDesignConfiguration.standard().quick()
        configuration.initialParameters = [1.2, 60]
        XCTAssertThrowsError(try configuration.validate(detector: TtbarDetector())) { XCTAssertTrue("\($0)".contains("jer_scale")) }
        configuration.initialParameters = [1, 60]
        configuration.warmupEpochs = 3
        XCTAssertThrowsError(try configuration.validate(detector: TtbarDetector())) { XCTAssertTrue("\($0)".contains("warm-up")) }
    }
}

private func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, _ message: String = "", file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, message, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, message, file: file, line: line) }
}
