import Foundation
import XCTest
@testable import Pipeline

/// Small trainings: they learn, they resume bit for bit, and they stop cleanly on NaN.
final class TrainingTests: XCTestCase {
    private func tinyInferno(_ objective: InfernoTrainingConfiguration.Objective, epochs: Int = 2) -> InfernoTrainingConfiguration {
        var configuration = InfernoTrainingConfiguration.paper(objective, seed: 3)
            .quick(epochs: epochs, trainingEvents: 2000, evaluationEvents: 4000)
        configuration.batchSize = objective == .crossEntropy ? 100 : 500
        configuration.hiddenLayers = [16, 16]
        configuration.learningRate = objective == .crossEntropy ? 1e-2 : 1e-4
        configuration.optimizer = "adam"
        return configuration
    }

    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("neos-training-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: directory)
    }

    func testInfernoTrainingLowersTheLossAndEvaluatesEveryBenchmark() throws {
        var trainer = try InfernoTrainer(configuration: tinyInferno(.inferno(benchmark: 2), epochs: 3))
        let before = trainer.lossAndGradient(trainer.network, signal: trainer.data.validationSignal, background: trainer.data.validationBackground).loss
        var steps = 0
        try trainer.train { _ in steps += 1 }
        XCTAssertEqual(steps, 3 * 4)
        XCTAssertLessThan(trainer.state.history.validationLoss.last!, before)
        let sigma = trainer.evaluate()
        XCTAssertEqual(sigma.count, 5)
        XCTAssertTrue(sigma.allSatisfy { $0.isFinite && $0 > 10 }, "\(sigma)")
        XCTAssertLessThanOrEqual(sigma[0], sigma[2], "more floating nuisances cannot shrink σ_s")
    }

    func testResumedTrainingIsBitForBitTheUninterruptedOne() throws {
        let path = directory.appendingPathComponent("checkpoint.json").path
        var whole = try InfernoTrainer(configuration: tinyInferno(.crossEntropy, epochs: 2))
        try whole.train()
        var first = try InfernoTrainer(configuration: tinyInferno(.crossEntropy, epochs: 1))
        try first.train(checkpointPath: path)
        var checkpoint = try InfernoCheckpoint.load(from: path)
        checkpoint.configuration.epochs = 2
        var resumed = try InfernoTrainer(resuming: checkpoint)
        try resumed.train()
        XCTAssertEqual(resumed.network.parameters, whole.network.parameters)
        XCTAssertEqual(resumed.state.history, whole.state.history)
    }

    func testNonFiniteLossStopsAndKeepsTheLastCheckpoint() throws {
        let path = directory.appendingPathComponent("checkpoint.json").path
        var first = try InfernoTrainer(configuration: tinyInferno(.crossEntropy, epochs: 1))
        try first.train(checkpointPath: path)
        var checkpoint = try InfernoCheckpoint.load(from: path)
        checkpoint.configuration.epochs = 3
        checkpoint.state.optimizer = .sgd(.init(learningRate: 1e300))
        var exploding = try InfernoTrainer(resuming: checkpoint)
        XCTAssertThrowsError(try exploding.train(checkpointPath: path)) { error in
            XCTAssertTrue("\(error)".contains("the loss became"), "\(error)")
        }
        let kept = try InfernoCheckpoint.load(from: path)
        XCTAssertEqual(kept.state.completedEpochs, 1)
        XCTAssertEqual(kept.state.parameters, first.network.parameters)
    }

    func testBadConfigurationsAreRejected() {
        var configuration = tinyInferno(.inferno(benchmark: 2))
        configuration.batchSize = 0
        XCTAssertThrowsError(try InfernoTrainer(configuration: configuration))
        configuration = tinyInferno(.inferno(benchmark: 7))
        XCTAssertThrowsError(try InfernoTrainer(configuration: configuration))
        configuration = tinyInferno(.inferno(benchmark: 2))
        configuration.optimizer = "rmsprop"
        XCTAssertThrowsError(try InfernoTrainer(configuration: configuration))
        var blobs = BlobsTrainingConfiguration(objective: .cls)
        blobs.bandwidth = 0
        XCTAssertThrowsError(try BlobsTrainer(configuration: blobs))
    }

    func testBlobsTrainingWithEachObjective() throws {
        for objective in BlobsTrainingConfiguration.Objective.allCases {
            var configuration = BlobsTrainingConfiguration(objective: objective)
            configuration.eventsPerBlob = 800
            configuration.batchSize = 300
            configuration.epochs = 2
            configuration.hiddenLayers = [8, 8]
            var trainer = try BlobsTrainer(configuration: configuration)
            let before = trainer.evaluate()
            try trainer.train()
            let after = trainer.evaluate()
            XCTAssertTrue(after.cls.isFinite && after.sigmaMu.isFinite, "\(objective): \(after)")
            XCTAssertTrue(before.cls > 0 && before.cls < 1)
            XCTAssertEqual(trainer.state.history.trainingLoss.count, 2)
        }
    }
}
