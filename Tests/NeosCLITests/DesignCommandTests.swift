import Foundation
import XCTest
@testable import NeosCLI

final class DesignCommandTests: CommandTestCase {
    let ttbarSample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notebooks-data/ttbar/sample").path

    func testQuickDesignReportsEndpointsTradeoffAndGradientCheck() throws {
        let output = path("design")
        let result = try json(["design", "--quick", "--quiet", "--lambdas", "0,10", "--output", output])
        let initial = try XCTUnwrap(result["initial"] as? [String: Any])
        let final = try XCTUnwrap(result["final"] as? [String: Any])
        XCTAssertEqual(initial["parameters"] as? [String: Double], ["sigma_det": 1, "threshold": 0.2])
        XCTAssertEqual(Set(final.keys), ["objective", "delta_mu", "cost", "parameters"])
        let finalParameters = try XCTUnwrap(final["parameters"] as? [String: Double])
        XCTAssertNotEqual(finalParameters["sigma_det"], 1, "ψ moved")
        let (objective, deltaMu, cost) = try (XCTUnwrap(final["objective"] as? Double), XCTUnwrap(final["delta_mu"] as? Double),
                                              XCTUnwrap(final["cost"] as? Double))
        XCTAssertEqual(objective, deltaMu + cost, accuracy: 1e-12, "λ = 1")
        let check = try XCTUnwrap(result["gradient_check"] as? [String: Any])
        XCTAssertLessThan(try XCTUnwrap(check["max_relative_error"] as? Double), 1e-5)
        let tradeoff = try XCTUnwrap(result["tradeoff"] as? [[String: Any]])
        XCTAssertEqual(tradeoff.compactMap { $0["lambda"] as? Double }, [0, 1, 10], "--lambda joins the list")
        let costs = tradeoff.compactMap { $0["cost"] as? Double }
        XCTAssertGreaterThan(costs[0], costs[2], "a higher price buys a cheaper detector")
        let trajectory = try XCTUnwrap(result["trajectory"] as? [[String: Any]])
        XCTAssertEqual(trajectory.compactMap { $0["epoch"] as? Int }, [0, 1, 2, 3])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output).sorted(), ["design.json", "design.svg", "tradeoff.svg"])
        XCTAssertEqual(try directoryContents(), ["design"], "no temporary files left behind")
        let svg = try String(contentsOfFile: output + "/design.svg", encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.contains("sigma_det") && svg.contains("Δμ"))
    }

    func testTextReportNamesTheParametersAndTheCheck() throws {
        let text = try output(["design", "--quick", "--epochs", "1", "--quiet", "--lambdas", "1", "--output", path("text")])
        for fragment in ["sigma_det", "threshold", "trade-off", "max relative error", "initial", "final"] {
            XCTAssertTrue(text.contains(fragment), "missing '\(fragment)' in\n\(text)")
        }
    }

    func testQuickTtbarDesignReportsTheSameShape() throws {
        let output = path("design-ttbar")
        let result = try json(["design", "--benchmark", "ttbar", "--quick", "--quiet", "--lambdas", "10", "--lambda", "10",
                               "--data", ttbarSample, "--output", output])
        XCTAssertEqual(result["benchmark"] as? String, "ttbar")
        let initial = try XCTUnwrap(result["initial"] as? [String: Any])
        let final = try XCTUnwrap(result["final"] as? [String: Any])
        XCTAssertEqual(initial["parameters"] as? [String: Double], ["jer_scale": 1, "tau_pt_threshold": 60])
        XCTAssertEqual(Set(final.keys), ["objective", "delta_mu", "cost", "parameters"])
        let parameters = try XCTUnwrap(final["parameters"] as? [String: Double])
        XCTAssertTrue((0.9...1.1).contains(parameters["jer_scale"]!) && (45...100).contains(parameters["tau_pt_threshold"]!), "\(parameters)")
        XCTAssertNotEqual(parameters["tau_pt_threshold"], 60, "ψ moved")
        let (objective, deltaMu, cost) = try (XCTUnwrap(final["objective"] as? Double), XCTUnwrap(final["delta_mu"] as? Double),
                                              XCTUnwrap(final["cost"] as? Double))
        XCTAssertEqual(objective, deltaMu + 10 * cost, accuracy: 1e-10)
        let check = try XCTUnwrap(result["gradient_check"] as? [String: Any])
        XCTAssertLessThan(try XCTUnwrap(check["max_relative_error"] as? Double), 1e-5)
        XCTAssertEqual((result["tradeoff"] as? [[String: Any]])?.count, 1)
        XCTAssertEqual((result["trajectory"] as? [[String: Any]])?.compactMap { $0["epoch"] as? Int }, [0, 1, 2, 3])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: output).sorted(), ["design.json", "design.svg", "tradeoff.svg"])
        let svg = try String(contentsOfFile: output + "/design.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("jer_scale") && svg.contains("tau_pt_threshold"))
        try assertFails(["design", "--benchmark", "ttbar", "--quick", "--data", path("nowhere"), "--output", path("never")], mentions: ["no such directory"])
        try assertFails(["design", "--benchmark", "ttbar", "--threshold", "40", "--output", path("never")], mentions: ["--threshold", "outside --threshold-range"])
    }

    func testBadDesignOptionsAreRejected() throws {
        let output = ["--quick", "--output", path("never")]
        try assertFails(["design", "--resolution", "0"] + output, mentions: ["--resolution", "positive"])
        try assertFails(["design", "--resolution", "-0.5"] + output, mentions: ["--resolution"])
        try assertFails(["design", "--resolution-range", "2:1"] + output, mentions: ["--resolution-range", "LO < HI"])
        try assertFails(["design", "--resolution-range", "0:5"] + output, mentions: ["--resolution-range", "above 0"])
        try assertFails(["design", "--threshold-range", "1:0"] + output, mentions: ["--threshold-range"])
        try assertFails(["design", "--threshold", "2"] + output, mentions: ["--threshold", "outside --threshold-range"])
        try assertFails(["design", "--lambdas", ""] + output, mentions: ["--lambdas", "at least one λ"])
        try assertFails(["design", "--lambdas", "1,nan"] + output, mentions: ["--lambdas", "finite"])
        try assertFails(["design", "--lambdas", "1,x"] + output, mentions: ["--lambdas", "'x' is not a number"])
        try assertFails(["design", "--lambda", "nan"] + output, mentions: ["--lambda", "finite"])
        try assertFails(["design", "--threshold", "nan"] + output, mentions: ["--threshold", "finite"])
        try assertFails(["design", "--rate-cost", "-1"] + output, mentions: ["--rate-cost"])
        try assertFails(["design", "--detector-learning-rate", "0"] + output, mentions: ["--detector-learning-rate"])
        try assertFails(["design", "--epochs", "0"] + output, mentions: ["--epochs"])
    }
}
