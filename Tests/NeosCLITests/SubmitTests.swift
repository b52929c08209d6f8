import Foundation
import XCTest
@testable import NeosCLI

/// The scripts `neos submit` writes, and the commands it refuses, without a batch system.
final class SubmitTests: CommandTestCase {
    var gridCommand: [String] {
        ["grid", ShardingTests.background, "--patchset", ShardingTests.patchset, "--output", path("grid"), "--quiet"]
    }

    func testSlurmDryRunWritesAnArrayWithAutoShardsAndAMergeScript() throws {
        let neos = try XCTUnwrap(Self.executable, "the neos executable of this build")
        let printed = try output(["submit", "slurm", "--shards", "3", "--partition", "short", "--time", "00:10:00", "--mem", "2G",
                                  "--sbatch-arg=--qos=test", "--neos", neos, "--dry-run", "--"] + gridCommand)
        XCTAssertTrue(printed.contains("not submitted"), printed)
        let array = try String(contentsOfFile: path("grid/slurm/shards.sbatch"), encoding: .utf8)
        for line in ["#SBATCH --array=0-2", "#SBATCH --partition=short", "#SBATCH --time=00:10:00", "#SBATCH --mem=2G", "#SBATCH --qos=test",
                     "export NEOS_SHARDS=3", "--output \(path("grid")) --quiet --shard auto", "#SBATCH --output=\(path("grid"))/logs/shard-%a.out"] {
            XCTAssertTrue(array.contains(line), "shards.sbatch lacks '\(line)':\n\(array)")
        }
        XCTAssertTrue(array.hasPrefix("#!/bin/bash\n"))
        let lastDirective = array.components(separatedBy: "\n").lastIndex { $0.hasPrefix("#SBATCH") }!
        let firstCommand = array.components(separatedBy: "\n").firstIndex { !$0.hasPrefix("#") && !$0.isEmpty }!
        XCTAssertLessThan(lastDirective, firstCommand, "sbatch reads directives only before the first command")
        let merge = try String(contentsOfFile: path("grid/slurm/merge.sbatch"), encoding: .utf8)
        XCTAssertTrue(merge.contains("exec \(neos) merge \(path("grid"))"), merge)
        XCTAssertFalse(merge.contains("--mem"), "memory per shard is not the merge's")
    }

    func testHTCondorDryRunWritesTheShardsTheMergeAndTheDAG() throws {
        let neos = try XCTUnwrap(Self.executable)
        _ = try output(["submit", "htcondor", "--shards", "4", "--request-memory", "2GB", "--neos", neos, "--dry-run", "--"] + gridCommand)
        let shards = try String(contentsOfFile: path("grid/htcondor/shards.sub"), encoding: .utf8)
        XCTAssertTrue(shards.contains("queue 4"), shards)
        XCTAssertTrue(shards.contains("--shard $(Process)/4\""), shards)
        XCTAssertTrue(shards.contains("executable = \(neos)"))
        XCTAssertTrue(shards.contains("request_memory = 2GB"))
        let merge = try String(contentsOfFile: path("grid/htcondor/merge.sub"), encoding: .utf8)
        XCTAssertTrue(merge.contains("arguments = \"merge \(path("grid"))\"") && merge.contains("queue 1"), merge)
        let dag = try String(contentsOfFile: path("grid/htcondor/neos.dag"), encoding: .utf8)
        XCTAssertTrue(dag.contains("PARENT shards CHILD merge"), dag)
    }

    func testArgumentsAreQuotedForTheShellAndForHTCondor() {
        XCTAssertEqual(ShardedSubmission.shellQuoted("plain/path-1.json"), "plain/path-1.json")
        XCTAssertEqual(ShardedSubmission.shellQuoted("it's here"), "'it'\\''s here'")
        XCTAssertEqual(ShardedSubmission.shellQuoted("ERJR_1*"), "'ERJR_1*'")
        XCTAssertEqual(HTCondorFiles.quoted("two words"), "'two words'")
        XCTAssertEqual(HTCondorFiles.quoted("it's"), "'it''s'")
        XCTAssertEqual(HTCondorFiles.quoted("say\"x\""), "say\"\"x\"\"")
    }

    func testSubmitRefusesWhatCannotBeSharded() throws {
        let neos = try XCTUnwrap(Self.executable)
        let workspace = ShardingTests.repository.appendingPathComponent("fixtures/workspaces/shapesys.json").path
        try assertFails(["submit", "slurm", "--shards", "2", "--neos", neos, "--dry-run", "--", "fit", workspace], mentions: ["'fit' cannot be sharded"])
        try assertFails(["submit", "slurm", "--shards", "2", "--neos", neos, "--dry-run", "--", "hypotest", workspace, "--calculator", "toys"],
                        mentions: ["needs --output"])
        try assertFails(["submit", "slurm", "--shards", "2", "--neos", neos, "--dry-run", "--"] + gridCommand + ["--shard", "0/2"],
                        mentions: ["must not choose its shard"])
        try assertFails(["submit", "slurm", "--shards", "11", "--neos", neos, "--dry-run", "--"] + gridCommand, mentions: ["more than the command's 10 grid points"])
        try assertFails(["submit", "slurm", "--shards", "2", "--neos", path("nothing"), "--dry-run", "--"] + gridCommand, mentions: ["not an executable"])
        try assertFails(["submit", "slurm", "--shards", "2", "--dry-run"], mentions: ["after '--'"])
    }

    /// The `neos` that `swift build` made beside this test bundle.
    static var executable: String? {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("neos"),
            Bundle(for: SubmitTests.self).bundleURL.deletingLastPathComponent().appendingPathComponent("neos"),
            ShardingTests.repository.appendingPathComponent(".build/debug/neos"),
        ]
        return candidates.map(\.path).first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
