import _Differentiation
import Foundation
import GSL
import HistFactory
import Objectives
import SummaryNetworks
import XCTest
@testable import Pipeline

final class TtbarTests: XCTestCase {
    /// A synthetic sample: per process, `rows` events with 8 features; every variation holds the
    /// same events with the features scaled by (1 + shift), so splits can be compared row by row.
    func syntheticSample(rows: Int = 400, seed: UInt = 3) -> TtbarSample {
        let stream = RandomStream(seed: seed)
        var events: [TtbarProcess: [TtbarVariation: TtbarEvents]] = [:]
        for (p, process) in TtbarProcess.allCases.enumerated() {
            let features = (0..<(rows * 8)).map { _ in stream.gaussian() + Double(p) * (process == .signal ? 1 : 0.3) }
            let weights = (0..<rows).map { _ in 0.5 + stream.uniform() }
            for (v, variation) in TtbarVariation.allCases.enumerated() {
                let shift = variation == .nominal ? 0 : 0.02 * Double(v % 2 == 1 ? 1 : -1)
                events[process, default: [:]][variation] = TtbarEvents(features: features.map { $0 * (1 + shift) }, weights: weights)
            }
        }
        return TtbarSample(events: events)
    }

    func testNormalisationScalesEveryVariationAlike() {
        let sample = syntheticSample()
        let normalised = sample.normalised(to: \.publishedYield)
        for process in TtbarProcess.allCases {
            XCTAssertEqual(normalised[process, .nominal].yield, process.publishedYield, accuracy: 1e-9)
            let before = sample[process, .jesUp].yield / sample[process, .nominal].yield
            XCTAssertEqual(normalised[process, .jesUp].yield / normalised[process, .nominal].yield, before, accuracy: 1e-12)
        }
    }

    func testSplitTakesTheSameSlicesOfEveryVariation() {
        let sample = syntheticSample()
        let (train, test) = sample.split(testFraction: 0.5, seed: 11)
        for process in TtbarProcess.allCases {
            let nominal = test[process, .nominal], up = test[process, .jesUp]
            XCTAssertEqual(nominal.count, up.count)
            // Same events: the variation's features are the nominal ones scaled by 1.02 or 0.98.
            XCTAssertEqual(up.features[0] / nominal.features[0], 1 + 0.02 * (TtbarVariation.allCases.firstIndex(of: .jesUp)! % 2 == 1 ? 1 : -1), accuracy: 1e-12)
            XCTAssertEqual(train[process, .nominal].count + nominal.count, sample[process, .nominal].count)
            // Each part is reweighted to the full yield (up to the random make-up of the slices).
            XCTAssertEqual(nominal.yield, sample[process, .nominal].yield, accuracy: 0.1 * sample[process, .nominal].yield)
        }
        let other = sample.split(testFraction: 0.5, seed: 12).test
        XCTAssertNotEqual(other[.qcd, .nominal].features, test[.qcd, .nominal].features, "the seed chooses the slices")
    }

    func testFeatureScalingStandardises() {
        let features = [1.0, 10, 3, 10, 5, 10]
        let scaling = FeatureScaling(fitting: features, width: 2)
        XCTAssertEqual(scaling.means, [3, 10])
        XCTAssertEqual(scaling.deviations[0], (8.0 / 3).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(scaling.deviations[1], 1, "a constant feature keeps std 1")
        XCTAssertEqual(scaling.apply([3, 11]), [0, 1])
    }

    func testWorkspaceCarriesEverySystematicOfThePaper() throws {
        let workspace = TtbarWorkspace.make { process, variation in
            [10, 20, 30].map { $0 * (process == .qcd ? 5 : 1) * (variation == .nominal ? 1 : 1.05) }
        }
        let model = try Model(workspace: workspace)
        XCTAssertEqual(model.parameterNames[model.poiIndex], "mu")
        let modifiers = Dictionary(uniqueKeysWithValues: workspace.channels[0].samples.map { ($0.name, Set($0.modifiers.map(\.name))) })
        XCTAssertEqual(modifiers["qcd"], ["qcd_norm"], "QCD is data-driven: free normalisation only")
        XCTAssertEqual(modifiers["ttbar_signal"], ["mu", "lumi", "tau_id", "tau_trigger", "ttbar_mass", "ttbar_q2", "ttbar_parton", "jes", "jer", "taues"])
        XCTAssertEqual(modifiers["ttbar_other"], ["lumi", "tau_id", "tau_trigger", "ttbar_mass", "ttbar_q2", "ttbar_parton", "xsec_ttbar", "jes", "jer", "taues"])
        XCTAssertEqual(modifiers["wjets"], ["lumi", "tau_id", "tau_trigger", "xsec_wjets", "jes", "jer", "taues"])
        // Asimov observations: the nominal total.
        XCTAssertEqual(workspace.observations[0].data, [10 * 8, 20 * 8, 30 * 8])
        XCTAssertEqual(try Workspace.decode(workspace.jsonData()), workspace, "pyhf JSON round trip")
    }

    func testThinProcessesCarryShapesAsNormalisation() throws {
        let workspace = TtbarWorkspace.make(normalisationOnly: [.wJets]) { _, variation in
            variation == .jesUp ? [12, 12] : variation == .jesDown ? [9, 9] : [10, 10]
        }
        let wJets = try XCTUnwrap(workspace.channels[0].samples.first { $0.name == "wjets" })
        XCTAssertEqual(wJets.modifiers.first { $0.name == "jes" }?.kind, .normsys(hi: 1.2, lo: 0.9))
        let signal = try XCTUnwrap(workspace.channels[0].samples.first { $0.name == "ttbar_signal" })
        XCTAssertEqual(signal.modifiers.first { $0.name == "jes" }?.kind, .histosys(hiData: [12, 12], loData: [9, 9]))
        XCTAssertNoThrow(try Model(workspace: workspace), "one parameter shared by a normsys and histosys, as pyhf allows")
    }

    func testTemplateAssemblyPullbackAddsCotangentsToTheirSources() throws {
        let model = try TemplateModel(workspace: TtbarWorkspace.make { _, _ in [1, 2] })
        let assembly = TemplateAssembly(model: model) { slot in slot.bin.map { $0 % 2 } }
        let source = [3.0, 4.0]
        let templates = assembly(source)
        XCTAssertEqual(templates.count, model.slots.count)
        let weights = (0..<templates.count).map { Double($0 % 7) - 3 }
        @differentiable(reverse)
        func f(_ s: [Double]) -> Double {
            let t = assembly(s)
            var total = 0.0
            for k in withoutDerivative(at: t.indices) { total += t[k] * weights[k] }
            return total
        }
        let g = gradient(at: source, of: f)
        for i in source.indices {
            var up = source, down = source
            up[i] += 1e-6
            down[i] -= 1e-6
            XCTAssertEqual(g.base[i], (f(up) - f(down)) / 2e-6, accuracy: 1e-6)
        }
        XCTAssertTrue(templates.contains(1.06), "normsys factors keep the workspace's numbers")
    }

    func testInfernoLossGradientMatchesFiniteDifferences() throws {
        var configuration = TtbarConfiguration.quick
        configuration.infernoHidden = [4]
        configuration.infernoBins = 3
        configuration.temperature = 1
        let benchmark = try TtbarBenchmark(sample: syntheticSample(rows: 120), configuration: configuration)
        let trainer = try TtbarInfernoTrainer(configuration: configuration, train: benchmark.train, validation: benchmark.validation, scaling: benchmark.scaling)
        let parts = trainer.batch(epoch: 0, index: 0)
        let network = trainer.network
        let (loss, g) = valueWithGradient(at: network) { trainer.loss($0, parts, share: trainer.batchShare) }
        XCTAssertTrue(loss.isFinite && loss > 0)
        for index in [0, 5, 13, network.parameterCount - 1] {
            var up = network, down = network
            up.parameters[index] += 1e-5
            down.parameters[index] -= 1e-5
            let numeric = (trainer.loss(up, parts, share: trainer.batchShare) - trainer.loss(down, parts, share: trainer.batchShare)) / 2e-5
            XCTAssertEqual(g.parameters[index], numeric, accuracy: 1e-5 * max(1, abs(numeric)), "weight \(index)")
        }
    }
}
