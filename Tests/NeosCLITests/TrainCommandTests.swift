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

    /// The INFERNO table: one real training (the Adam row's task, run as the last of 7 shards),
    /// then the table assembled from every row's results over two seeds: medians and bands per
    /// benchmark, the paper's medians beside ours.
    func testTheInfernoTableHasEveryRowWithThePapersMedians() throws {
        let directory = path("table")
        let arguments = ["train", "--benchmark", "inferno", "--table", "--seeds", "2", "--quick", "--epochs", "1", "--quiet", "--json", "--output", directory]
        _ = try output(arguments + ["--shard", "13/14"])
        let shard = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/shards/13-of-14.json"))) as? [String: Any])
        let task = try XCTUnwrap((shard["tasks"] as? [[String: Any]])?.first?["result"] as? [String: Any])
        XCTAssertEqual(task["model"] as? String, "inferno-2-adam")
        XCTAssertEqual(task["seed"] as? Int, 778)
        let sigma = try XCTUnwrap(task["sigma_s"] as? [Double])
        XCTAssertTrue(sigma.count == 5 && sigma.allSatisfy { $0 > 10 && $0 < 200 }, "\(sigma)")

        let job = try XCTUnwrap(try NeosCommand.parseAsRoot(arguments) as? TrainCommand).makeJob()
        XCTAssertEqual(job.taskCount, 14)
        let names = InfernoTableRun.models.map(\.name)
        let results: [JSONValue] = (0..<14).map { index in
            let (seed, row) = index.quotientAndRemainder(dividingBy: 7)
            return .object(["model": .string(names[row]), "seed": .integer(777 + seed),
                            "sigma_s": .numbers((0..<5).map { 20 + Double(row) + Double($0) + 2 * Double(seed) })])
        }
        _ = try job.finish(results: results)
        let table = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/table.json"))) as? [String: Any])
        let models = try XCTUnwrap(table["models"] as? [String: [String: Any]])
        XCTAssertEqual(Set(models.keys), Set(names))
        XCTAssertEqual(names, ["cross-entropy", "inferno-0", "inferno-1", "inferno-2", "inferno-3", "inferno-4", "inferno-2-adam"])
        let inferno2 = try XCTUnwrap(models["inferno-2"])
        XCTAssertEqual(inferno2["median"] as? [Double], [24, 25, 26, 27, 28], "the median of 23 and 25 for B0, …")
        XCTAssertEqual(try XCTUnwrap(inferno2["p16"] as? [Double])[0], 23.32, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(inferno2["p84"] as? [Double])[0], 24.68, accuracy: 1e-12)
        XCTAssertEqual(inferno2["paper_median"] as? [Double], [15.71, 16.87, 16.95, 16.88, 18.67])
        XCTAssertTrue(models["inferno-2-adam"]?["paper_median"] is NSNull)
        let markdown = try String(contentsOfFile: directory + "/table.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| INFERNO 2 (paper) | 15.71 | 16.87 | 16.95 | 16.88 | 18.67 |"), markdown)
        XCTAssertTrue(markdown.contains("| inferno-2 (ours) | 24.00 [23.32–24.68] |"), markdown)
        try assertFails(["train", "--benchmark", "neos-blobs", "--table"], mentions: ["--table", "--benchmark inferno"])
        try assertFails(["train", "--benchmark", "inferno", "--table", "--optimizer", "adam"], mentions: ["--table", "paper's settings"])
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
