import Foundation
import XCTest
@testable import NeosCLI

final class BenchTests: CommandTestCase {
    func testBenchFitReportsTimings() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["bench", "fit", path, "--runs", "3"])
        XCTAssertEqual(result["runs"] as? Int, 3)
        let median = try XCTUnwrap(result["median_seconds"] as? Double)
        let minimum = try XCTUnwrap(result["min_seconds"] as? Double)
        XCTAssertGreaterThan(minimum, 0)
        XCTAssertLessThanOrEqual(minimum, median)
        XCTAssertEqual(result["debug_build"] as? Bool, _isDebugAssertConfiguration())
        XCTAssertNil(result["speedup"])
    }

    func testBenchHypotestComparesWithReferenceTimings() throws {
        let path = try write(WorkspaceText().json)
        let reference = try write(
            #"{"machine": {"cores": 2}, "workspace": {"fit": {"numpy_scipy": 0.5}, "hypotest": {"numpy_scipy": 2.0, "jax_minuit": 1.0}}}"#,
            to: "timings.json"
        )
        let result = try json(["bench", "hypotest", path, "--runs", "2", "--mu", "1", "--reference", reference])
        let median = try XCTUnwrap(result["median_seconds"] as? Double)
        let speedup = try XCTUnwrap(result["speedup"] as? [String: Double])
        XCTAssertEqual(Set(speedup.keys), ["numpy_scipy", "jax_minuit"])
        XCTAssertEqual(try XCTUnwrap(speedup["jax_minuit"]), 1.0 / median, accuracy: 1e-9 / median)

        let table = try output(["bench", "hypotest", path, "--runs", "1", "--reference", reference])
        XCTAssertTrue(table.contains("jax_minuit"))
        XCTAssertTrue(table.contains("×"))
        XCTAssertEqual(table.contains("debug build"), _isDebugAssertConfiguration())
    }

    func testBenchKDEReportsEveryCaseAndItsSpeedUp() throws {
        let reference = try write(
            #"{"versions": {"relaxed": "0.4.0"}, "setup": {"bandwidth": 0.05}, "cases": {"1e3x4": {"events": 1000, "bins": 4, "forward": {"median": 0.01}, "value_grad": {"median": 0.02}}}}"#,
            to: "relaxed.json"
        )
        let result = try json(["bench", "kde", "--runs", "2", "--events", "1000", "300", "--bins", "4", "--reference", reference])
        XCTAssertEqual(result["bandwidth"] as? Double, 0.05)
        XCTAssertTrue(["AVX-512", "AVX2+FMA", "baseline"].contains(try XCTUnwrap(result["instruction_set"] as? String)))
        let cases = try XCTUnwrap(result["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.map { $0["events"] as? Int }, [1000, 300])
        let timed = try XCTUnwrap(cases.first)
        let median = try XCTUnwrap((timed["value_grad"] as? [String: Any])?["median_seconds"] as? Double)
        let speedup = try XCTUnwrap((timed["speedup"] as? [String: Any])?["value_grad"] as? Double)
        XCTAssertEqual(speedup, 0.02 / median, accuracy: 1e-9 * speedup)
        XCTAssertNil(cases[1]["speedup"], "no reference for 300 events")
    }

    func testBenchKDEBandwidth() throws {
        let result = try json(["bench", "kde", "--runs", "1", "--events", "500", "--bins", "30", "--bandwidth", "0.002"])
        XCTAssertEqual(result["bandwidth"] as? Double, 0.002)
        for bad in ["0", "-1", "nan"] {
            try assertFails(["bench", "kde", "--runs", "1", "--events", "100", "--bandwidth=\(bad)"], mentions: ["--bandwidth", "positive"])
        }
        let reference = try write(#"{"setup": {"bandwidth": 0.05}, "cases": {}}"#, to: "relaxed.json")
        try assertFails(["bench", "kde", "--runs", "1", "--events", "100", "--bandwidth", "0.01", "--reference", reference],
                        mentions: ["bandwidth 0.05", "--bandwidth 0.01"])
    }

    func testReferenceEntryMustExist() throws {
        let path = try write(WorkspaceText().json)
        let reference = try write(#"{"realistic": {"fit": {"numpy_scipy": 0.5}}}"#, to: "timings.json")
        try assertFails(["bench", "fit", path, "--runs", "1", "--reference", reference], mentions: ["'workspace'", "realistic"])
        XCTAssertNoThrow(try output(["bench", "fit", path, "--runs", "1", "--reference", reference, "--reference-entry", "realistic"]))
    }

    func testTimingMedian() {
        XCTAssertEqual(Timing(seconds: [3, 1, 2]).median, 2)
        XCTAssertEqual(Timing(seconds: [4, 1, 3, 2]).median, 2.5)
        XCTAssertEqual(Timing(seconds: [4, 1, 3, 2]).minimum, 1)
    }
}
