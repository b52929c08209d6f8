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
