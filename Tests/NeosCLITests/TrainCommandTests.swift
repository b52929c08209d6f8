import Foundation
import XCTest
@testable import NeosCLI

final class TrainCommandTests: CommandTestCase {
    func testNeosBlobsRunWritesItsFilesAndReportsEachObjective() throws {
        let output = path("blobs")
        let result = try json(["train", "--benchmark", "neos-blobs", "--objective", "fisher", "--quick", "--epochs", "1",
                               "--quiet", "--output", output])
        let results = try XCTUnwrap(result["results"] as? [String: [String: Double]])
        XCTAssertEqual(Array(results.keys), ["fisher"])
        let fisher = try XCTUnwrap(results["fisher"])
        XCTAssertTrue(try XCTUnwrap(fisher["cls"]) > 0 && fisher["cls"]! < 1)
        XCTAssertTrue(try XCTUnwrap(fisher["sigma_mu"]) > 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: output + "/fisher").sorted()
        XCTAssertEqual(files, ["checkpoint.json", "metrics.json", "network.json", "training.svg"])
        XCTAssertEqual(try directoryContents(), ["blobs"], "no temporary files left behind")
    }

    func testNeosBlobsEnsembleReportsEverySeedAndTheMean() throws {
        let output = path("ensemble")
        let result = try json(["train", "--benchmark", "neos-blobs", "--objective", "cls", "--quick", "--epochs", "1", "--seeds", "2",
                               "--quiet", "--output", output])
        XCTAssertEqual(result["seeds"] as? [Int], [0, 1])
        let cls = try XCTUnwrap((result["results"] as? [String: [String: Any]])?["cls"])
        let perSeed = try XCTUnwrap(cls["cls_per_seed"] as? [Double])
        XCTAssertEqual(perSeed.count, 2)
        XCTAssertNotEqual(perSeed[0], perSeed[1], "each seed is its own initialisation")
        XCTAssertEqual(try XCTUnwrap(cls["cls"] as? Double), (perSeed[0] + perSeed[1]) / 2, accuracy: 1e-15)
        XCTAssertEqual(result["lowest_cls_per_seed"] as? [String], ["cls", "cls"])
        XCTAssertTrue(FileManager.default.fileExists(atPath: output + "/cls/seed-1/metrics.json"))
    }

    func testBadTrainingOptionsAreRejected() throws {
        try assertFails(["train", "--benchmark", "inferno", "--variant", "7"], mentions: ["--variant", "0…4"])
        try assertFails(["train", "--benchmark", "inferno", "--objective", "cls"], mentions: ["--objective", "inferno, bce"])
        try assertFails(["train", "--benchmark", "neos-blobs", "--bandwidth", "0"], mentions: ["--bandwidth", "positive"])
        try assertFails(["train", "--benchmark", "neos-blobs", "--resume"], mentions: ["--resume", "--output"])
        try assertFails(["train", "--benchmark", "inferno", "--seeds", "0"], mentions: ["--seeds"])
        try assertFails(["train", "--benchmark", "tomography"], mentions: ["tomography"])
        try assertFails(["train", "--benchmark", "inferno", "--resume", "--output", path("missing")], mentions: ["no such run directory"])
    }
}
