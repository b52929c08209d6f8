import Foundation
import XCTest
@testable import NeosCLI

/// `neos submit slurm` on a real Slurm cluster: every sharded result merged on the cluster equals
/// the local unsharded run, and a lost shard is named by merge and can be run again alone.
/// `.ci/run` starts a single-node cluster first; elsewhere these tests skip, saying how to start one.
final class SlurmClusterTests: CommandTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        guard (try? ExternalTool.run("scontrol", ["ping"]))?.contains("UP") == true else {
            throw XCTSkip("no Slurm cluster answers here: start the local one with 'sudo .ci/slurm/start-local-cluster.sh' (after 'apt-get install -y slurm-wlm munge'; see .ci/slurm/README.md)")
        }
    }

    var neos: String { get throws { try XCTUnwrap(SubmitTests.executable, "the neos executable of this build") } }

    func submitAndWait(shards: Int, _ command: [String]) throws -> String {
        try output(["submit", "slurm", "--shards", "\(shards)", "--time", "00:10:00", "--neos", neos, "--wait", "--"] + command)
    }

    func contents(_ directory: String, _ names: [String]) throws -> [Data] {
        try names.map { try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent($0)) }
    }

    func testAGridInThreeShardsOnSlurmEqualsTheLocalRun() throws {
        func grid(_ output: String) -> [String] {
            ["grid", ShardingTests.background, "--patchset", ShardingTests.patchset, "--output", output, "--quiet"]
        }
        _ = try output(grid(path("local")))
        let printed = try submitAndWait(shards: 3, grid(path("slurm")))
        XCTAssertTrue(printed.contains("COMPLETED"), printed)
        let names = ["grid.json", "grid.csv", "grid.svg"]
        XCTAssertEqual(try contents(path("slurm"), names), try contents(path("local"), names))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: path("slurm/shards")).sorted(), ["0-of-3.json", "1-of-3.json", "2-of-3.json"])
    }

    func testAToyHypotestInFourShardsOnSlurmEqualsTheLocalRun() throws {
        let workspace = ShardingTests.repository.appendingPathComponent("fixtures/workspaces/shapesys.json").path
        func toys(_ output: String) -> [String] {
            ["hypotest", workspace, "--calculator", "toys", "--ntoys", "400", "--seed", "2", "--quiet", "--json", "--output", output]
        }
        _ = try output(toys(path("local")))
        _ = try submitAndWait(shards: 4, toys(path("slurm")))
        XCTAssertEqual(try contents(path("slurm"), ["hypotest.json", "hypotest.svg"]), try contents(path("local"), ["hypotest.json", "hypotest.svg"]))
    }

    func testATrainingEnsembleInTwoShardsOnSlurmEqualsTheLocalRun() throws {
        func train(_ output: String) -> [String] {
            ["train", "--benchmark", "neos-blobs", "--objective", "cls", "--quick", "--epochs", "1", "--seeds", "2", "--quiet", "--json", "--output", output]
        }
        _ = try output(train(path("local")))
        _ = try submitAndWait(shards: 2, train(path("slurm")))
        let merged = try String(contentsOfFile: path("slurm/summary.json"), encoding: .utf8)
        XCTAssertEqual(merged.replacingOccurrences(of: path("slurm"), with: path("local")), try String(contentsOfFile: path("local/summary.json"), encoding: .utf8))
        XCTAssertEqual(try contents(path("slurm"), ["cls/seed-0/network.json"]), try contents(path("local"), ["cls/seed-0/network.json"]))
    }

    func testALostShardIsNamedByMergeAndCompletesWhenRunAgainAlone() throws {
        func grid(_ output: String) -> [String] {
            ["grid", ShardingTests.background, "--patchset", ShardingTests.patchset, "--output", output, "--quiet"]
        }
        _ = try output(grid(path("local")))
        _ = try output(["submit", "slurm", "--shards", "3", "--neos", neos, "--dry-run", "--"] + grid(path("slurm")))
        let script = path("slurm/slurm/shards.sbatch")
        // Held at submission so that shard 1 is cancelled before it can start.
        let array = try Slurm.submit(["--hold", script])
        _ = try ExternalTool.run("scancel", ["\(array)_1"])
        _ = try ExternalTool.run("scontrol", ["release", array])
        let states = try Slurm.wait(for: array)
        // A task cancelled while pending leaves no record of its own; the other two completed.
        XCTAssertEqual(states.filter { $0 == "COMPLETED" }.count, 2, "\(states)")
        XCTAssertThrowsError(try output(["merge", path("slurm")])) { error in
            XCTAssertTrue("\(error)".contains("missing 1 of 3 shards: 1-of-3"), "\(error)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("slurm/grid.json")))
        // The user's remedy: that one index again, with the same script.
        let rerun = try Slurm.submit(["--array=1", script])
        XCTAssertEqual(try Slurm.wait(for: rerun), ["COMPLETED"])
        _ = try output(["merge", path("slurm")])
        XCTAssertEqual(try contents(path("slurm"), ["grid.json", "grid.csv", "grid.svg"]), try contents(path("local"), ["grid.json", "grid.csv", "grid.svg"]))
    }
}
