import Foundation
import XCTest
@testable import NeosCLI

/// Sharded runs merge into exactly what the unsharded run writes; merge refuses incomplete or
/// mixed shards and writes nothing then.
final class ShardingTests: CommandTestCase {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let background = repository.appendingPathComponent("fixtures/grid/BkgOnly.json").path
    static let patchset = repository.appendingPathComponent("fixtures/grid/patchset.json").path

    func gridArguments(_ output: String) -> [String] {
        ["grid", Self.background, "--patchset", Self.patchset, "--output", output, "--quiet"]
    }

    func files(_ directory: String, _ names: [String]) throws -> [Data] {
        try names.map { try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent($0)) }
    }

    func testShardsCoverEveryTaskOnce() throws {
        for total in [0, 1, 7, 10, 101] {
            for count in 1...12 {
                let ranges = try (0..<count).map { try Shard(index: $0, count: count).tasks(of: total) }
                XCTAssertEqual(ranges.flatMap { Array($0) }, Array(0..<total), "\(total) tasks in \(count) shards")
                XCTAssertLessThanOrEqual((ranges.map(\.count).max() ?? 0) - (ranges.map(\.count).min() ?? 0), 1)
            }
        }
    }

    func testShardSelectionParsesAndReadsTheSlurmArray() throws {
        XCTAssertEqual(ShardSelection(argument: "2/5"), .explicit(try Shard(index: 2, count: 5)))
        XCTAssertNil(ShardSelection(argument: "5/5"))
        XCTAssertNil(ShardSelection(argument: "1-of-3"))
        let auto = try XCTUnwrap(ShardSelection(argument: "auto"))
        XCTAssertEqual(try auto.resolve(environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "4"]), try Shard(index: 3, count: 4))
        // One index resubmitted with sbatch --array=2 sees a count of 1; NEOS_SHARDS keeps N.
        XCTAssertEqual(try auto.resolve(environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "1", "NEOS_SHARDS": "3"]),
                       try Shard(index: 2, count: 3))
        XCTAssertThrowsError(try auto.resolve(environment: [:])) { error in
            XCTAssertTrue("\(error)".contains("SLURM_ARRAY_TASK_ID"), "\(error)")
        }
    }

    func testAGridInThreeShardsMergesIntoTheUnshardedResultAndMatchesPyhf() throws {
        let whole = path("whole"), sharded = path("sharded")
        _ = try output(gridArguments(whole))
        for shard in 0..<3 { _ = try output(gridArguments(sharded) + ["--shard", "\(shard)/3"]) }
        let merged = try output(["merge", sharded])
        XCTAssertTrue(merged.contains("10 signal hypotheses, 3 excluded"), merged)
        let names = ["grid.json", "grid.csv", "grid.svg"]
        XCTAssertEqual(try files(sharded, names), try files(whole, names), "merge writes what the unsharded run writes, bit for bit")
        let plot = try String(contentsOfFile: whole + "/grid.svg", encoding: .utf8)
        for element in ["class=\"region\"", "class=\"segments\"", "observed CLs = 0.05", "expected ±1σ", "CLs obs &lt; 0.001", ">m_C1N2<"] {
            XCTAssertTrue(plot.contains(element), "grid.svg lacks \(element)")
        }
        let csv = try String(contentsOfFile: whole + "/grid.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv.count, 11)
        XCTAssertTrue(csv[0].hasPrefix("name,m_C1N2,m_N1,cls_obs,cls_exp_m2"), String(csv[0]))

        struct Reference: Decodable {
            struct Point: Decodable { var name: String; var cls_obs: Double; var cls_exp: [Double]; var upper_limit_obs: Double; var upper_limit_exp: [Double] }
            var points: [Point]
        }
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: Self.repository.appendingPathComponent("fixtures/grid/pyhf_grid.json")))
        let grid = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: whole + "/grid.json"))) as? [String: Any])
        let points = try XCTUnwrap(grid["points"] as? [[String: Any]])
        XCTAssertEqual(points.map { $0["name"] as? String }, reference.points.map(\.name))
        for (point, expected) in zip(points, reference.points) {
            let cls = [try XCTUnwrap(point["cls_obs"] as? Double)] + (try XCTUnwrap(point["cls_exp"] as? [Double]))
            for (ours, theirs) in zip(cls, [expected.cls_obs] + expected.cls_exp) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-5 * max(theirs, 1e-6) + 1e-9, expected.name)
            }
            let limits = [try XCTUnwrap(point["upper_limit_obs"] as? Double)] + (try XCTUnwrap(point["upper_limit_exp"] as? [Double]))
            for (ours, theirs) in zip(limits, [expected.upper_limit_obs] + expected.upper_limit_exp) {
                XCTAssertEqual(ours, theirs, accuracy: 1e-3 * theirs, expected.name)
            }
        }
    }

    func testMergeNamesMissingAndMismatchedShardsAndWritesNothing() throws {
        let run = path("run")
        _ = try output(gridArguments(run) + ["--patch-name", "C1N2_3*", "--shard", "0/3"])
        _ = try output(gridArguments(run) + ["--patch-name", "C1N2_3*", "--shard", "2/3"])
        try assertMergeFails(run, mentions: ["missing 1 of 3 shards", "1-of-3"])
        _ = try output(gridArguments(run) + ["--patch-name", "C1N2_3*", "--level", "0.1", "--shard", "1/3"])
        try assertMergeFails(run, mentions: ["1-of-3.json differs from 0-of-3.json in its command line"])
        _ = try output(gridArguments(run) + ["--patch-name", "C1N2_3*", "--shard", "1/3"])
        XCTAssertTrue(try output(["merge", run]).contains("2 signal hypotheses"))
        try assertMergeFails(path("nothing"), mentions: ["no shard files"])
    }

    func testMergeRefusesShardsWhoseInputsChanged() throws {
        let run = path("changed")
        let background = try write(String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.background)), as: UTF8.self), to: "BkgOnly.json")
        let arguments = ["grid", background, "--patchset", Self.patchset, "--patch-name", "C1N2_300_0", "--output", run, "--quiet", "--shard", "0/1"]
        _ = try output(arguments)
        // Same workspace, written differently: the digest of the file changes.
        try write(String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.background)), as: UTF8.self) + "\n", to: "BkgOnly.json")
        try assertMergeFails(run, mentions: ["changed since the shards were made"])
    }

    func testToyHypotestInFourShardsMergesIntoTheUnshardedResult() throws {
        let workspace = Self.repository.appendingPathComponent("fixtures/workspaces/shapesys.json").path
        let arguments = ["hypotest", workspace, "--calculator", "toys", "--ntoys", "350", "--seed", "7", "--quiet", "--json"]
        let whole = try output(arguments + ["--output", path("whole")])
        for shard in 0..<4 { _ = try output(arguments + ["--output", path("sharded"), "--shard", "\(shard)/4"]) }
        XCTAssertEqual(try output(["merge", path("sharded")]), whole)
        XCTAssertEqual(try files(path("sharded"), ["hypotest.json", "hypotest.svg"]), try files(path("whole"), ["hypotest.json", "hypotest.svg"]))
        let other = try output(arguments.map { $0 == "7" ? "8" : $0 })
        XCTAssertNotEqual(other, whole, "another seed draws other toys")
    }

    func testToyLimitInShardsMergesIntoTheUnshardedResult() throws {
        let workspace = Self.repository.appendingPathComponent("fixtures/workspaces/normfactor_only.json").path
        let arguments = ["limit", workspace, "--calculator", "toys", "--ntoys", "150", "--scan", "0:4:5", "--quiet", "--json"]
        let whole = try output(arguments + ["--output", path("whole")])
        for shard in 0..<3 { _ = try output(arguments + ["--output", path("sharded"), "--shard", "\(shard)/3"]) }
        XCTAssertEqual(try output(["merge", path("sharded")]), whole)
        let limit = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(whole.utf8)) as? [String: Any])
        // The asymptotic observed limit is 2.07; 150 toys per point on a coarse scan land near it.
        XCTAssertEqual(try XCTUnwrap(limit["upper_limit_obs"] as? Double), 2.07, accuracy: 0.4)
    }

    func testATrainingEnsembleInTwoShardsMergesIntoTheUnshardedResult() throws {
        let arguments = ["train", "--benchmark", "neos-blobs", "--objective", "cls", "--quick", "--epochs", "1", "--seeds", "2", "--quiet", "--json"]
        let whole = try output(arguments + ["--output", path("whole")])
        for shard in 0..<2 { _ = try output(arguments + ["--output", path("sharded"), "--shard", "\(shard)/2"]) }
        let merged = try output(["merge", path("sharded")])
        XCTAssertEqual(merged.replacingOccurrences(of: path("sharded"), with: path("whole")), whole)
        XCTAssertEqual(try files(path("sharded"), ["cls/seed-1/metrics.json"]), try files(path("whole"), ["cls/seed-1/metrics.json"]))
    }

    func testShardingNeedsAnOutputAndToys() throws {
        let workspace = Self.repository.appendingPathComponent("fixtures/workspaces/shapesys.json").path
        try assertFails(["hypotest", workspace, "--shard", "0/2"], mentions: ["--shard", "--calculator toys"])
        try assertFails(["hypotest", workspace, "--calculator", "toys", "--shard", "0/2", "--quiet"], mentions: ["--shard needs --output"])
        try assertFails(["hypotest", workspace, "--calculator", "toys", "--test-stat", "q0"], mentions: ["q0"])
        try assertFails(gridArguments(path("g")) + ["--patch-name", "XYZ*"], mentions: ["matches none", "C1N2_300_0"])
    }

    private func assertMergeFails(_ directory: String, mentions: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let before = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        XCTAssertThrowsError(try output(["merge", directory]), file: file, line: line) { error in
            let message = NeosCommand.fullMessage(for: error)
            for fragment in mentions {
                XCTAssertTrue(message.contains(fragment), "'\(message)' does not mention '\(fragment)'", file: file, line: line)
            }
        }
        XCTAssertEqual((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [], before, "a failed merge wrote files", file: file, line: line)
    }
}
