import Foundation
import HistFactory
import XCTest
@testable import NeosCLI

final class TtbarCommandTests: CommandTestCase {
    let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("notebooks-data/ttbar/sample").path

    func testQuickRunReportsBothSummariesAndWritesWorkspacesThatReloadAndRefit() throws {
        let output = path("ttbar")
        let result = try json(["ttbar", "--quick", "--quiet", "--data", sample, "--output", output])
        for name in ["bce", "inferno"] {
            let numbers = try XCTUnwrap(result[name] as? [String: Any], name)
            // Asimov data at μ = 1: the fit returns μ̂ = 1.
            XCTAssertEqual(try XCTUnwrap(numbers["mu_hat"] as? Double), 1, accuracy: 1e-5, name)
            let total = try XCTUnwrap(numbers["unc_total"] as? [Double]), stat = try XCTUnwrap(numbers["unc_stat"] as? [Double])
            XCTAssertTrue(total[0] < 0 && total[1] > 0 && stat[0] < 0 && stat[1] > 0, "\(name): \(total) \(stat)")
            XCTAssertTrue(-total[0] > -stat[0] && total[1] > stat[1], "\(name): profiling nuisances widens the interval")

            // The exported pyhf workspace reads back through our reader and gives the same interval.
            let workspace = try Workspace.load(from: "\(output)/\(name)-workspace.json")
            XCTAssertEqual(workspace.channels[0].samples.map(\.name), ["ttbar_signal", "ttbar_other", "wjets", "qcd"])
            let model = try Model(workspace: workspace)
            for parameter in ["mu", "qcd_norm", "lumi", "tau_id", "tau_trigger", "ttbar_mass", "ttbar_q2", "ttbar_parton",
                              "xsec_ttbar", "xsec_wjets", "jes", "jer", "taues"] {
                XCTAssertTrue(model.parameterNames.contains(parameter), "\(name) model lacks \(parameter)")
            }
            let data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
            let scan = try model.profileLikelihoodScan(data: data)
            XCTAssertEqual(scan.interval.lower - scan.muHat, total[0], accuracy: 1e-6)
            XCTAssertEqual(scan.interval.upper - scan.muHat, total[1], accuracy: 1e-6)
        }
        // With 300 rows per file, only the signal has enough effective entries for shape templates.
        XCTAssertEqual(result["shapes_as_normalisation"] as? [String], ["ttbar_other", "wjets"])
        let inferno = try Workspace.load(from: "\(output)/inferno-workspace.json").channels[0].samples
        XCTAssertEqual(inferno[0].modifiers.first { $0.name == "jes" }?.kind.typeName, "histosys")
        XCTAssertEqual(inferno[2].modifiers.first { $0.name == "jes" }?.kind.typeName, "normsys")
        let paper = try XCTUnwrap(result["paper"] as? [String: [String: Any]])
        XCTAssertEqual(paper["bce"]?["unc_total"] as? [Double], [-0.212, 0.263])
        let files = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
        XCTAssertEqual(files, ["bce-network.json", "bce-training.svg", "bce-workspace.json", "bce-yields.svg",
                               "inferno-network.json", "inferno-training.svg", "inferno-workspace.json", "inferno-yields.svg",
                               "scans.svg", "summary.json"])
        let yields = try String(contentsOfFile: "\(output)/inferno-yields.svg", encoding: .utf8)
        XCTAssertTrue(yields.contains("total ± syst.") && yields.contains("ttbar_signal"))
    }

    /// An ensemble's seed-5 member reproduces a single run with --seed 5 (each seed is its own
    /// split and initialisation, whatever runs beside it), and the ensemble reports medians.
    func testSeedsAreReproducibleAndEnsemblesReportMedians() throws {
        let single = try json(["ttbar", "--quick", "--quiet", "--data", sample, "--seed", "5", "--output", path("single")])
        let ensemble = try json(["ttbar", "--quick", "--quiet", "--data", sample, "--seed", "5", "--seeds", "2", "--output", path("ensemble")])
        XCTAssertEqual(ensemble["seeds"] as? [Int], [5, 6])
        for name in ["bce", "inferno"] {
            let alone = try XCTUnwrap(single[name] as? [String: Any])
            let members = try XCTUnwrap((ensemble[name] as? [String: Any])?["per_seed"] as? [[String: Any]])
            XCTAssertEqual(members.map { $0["seed"] as? Int }, [5, 6])
            XCTAssertEqual(members[0]["unc_total"] as? [Double], alone["unc_total"] as? [Double], name)
            XCTAssertEqual(members[0]["unc_stat"] as? [Double], alone["unc_stat"] as? [Double], name)
            let ups = members.compactMap { ($0["unc_total"] as? [Double])?[1] }
            let median = try XCTUnwrap((ensemble[name] as? [String: Any])?["unc_total"] as? [Double])
            XCTAssertEqual(median[1], (ups[0] + ups[1]) / 2, accuracy: 1e-12, "the median of two is their mean")
            for (key, field) in [("total_width", "unc_total"), ("stat_width", "unc_stat")] {
                let band = try XCTUnwrap((ensemble[name] as? [String: Any])?[key] as? [String: Double], "\(name) \(key)")
                let widths = members.compactMap { $0[field] as? [Double] }.map { $0[1] - $0[0] }.sorted()
                XCTAssertEqual(try XCTUnwrap(band["median"]), (widths[0] + widths[1]) / 2, accuracy: 1e-12)
                XCTAssertEqual(try XCTUnwrap(band["p16"]), widths[0] + 0.16 * (widths[1] - widths[0]), accuracy: 1e-12)
                XCTAssertEqual(try XCTUnwrap(band["p84"]), widths[0] + 0.84 * (widths[1] - widths[0]), accuracy: 1e-12)
            }
        }
        let gain = try XCTUnwrap(ensemble["inferno_vs_bce_total_width"] as? Double)
        let inferno = try XCTUnwrap(((ensemble["inferno"] as? [String: Any])?["total_width"] as? [String: Double])?["median"])
        let bce = try XCTUnwrap(((ensemble["bce"] as? [String: Any])?["total_width"] as? [String: Double])?["median"])
        XCTAssertEqual(gain, inferno / bce - 1, accuracy: 1e-12)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("ensemble/seed-6/inferno-workspace.json")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("ensemble/ensemble.json")))
    }

    func testBadTtbarInputIsRejected() throws {
        try assertFails(["ttbar", "--data", path("nowhere")], mentions: ["nowhere", "no such directory"])
        try assertFails(["ttbar", "--temperature", "0"], mentions: ["--temperature", "positive"])
        try assertFails(["ttbar", "--inferno-epochs", "0"], mentions: ["--inferno-epochs"])
        try assertFails(["ttbar", "--seeds", "0"], mentions: ["--seeds"])
        try assertFails(["ttbar", "--yields", "made-up"], mentions: ["made-up"])
        try assertFails(["ttbar", "--inferno-hidden", "100,0"], mentions: ["--inferno-hidden", "positive integers"])

        // A directory missing one variation names the file it expected.
        let partial = path("partial")
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: sample) where name.hasSuffix(".csv.gz") && name != "qcd__jes_up.csv.gz" {
            try FileManager.default.copyItem(atPath: "\(sample)/\(name)", toPath: "\(partial)/\(name)")
        }
        try assertFails(["ttbar", "--quick", "--data", partial, "--output", path("out")], mentions: ["qcd__jes_up", "missing"])

        // A bad value names file, line and column.
        try FileManager.default.removeItem(atPath: "\(partial)/wjets__nominal.csv.gz")
        try "aplanarity,sphericity,charge_eta_tau,met,dphi_tau_met,mt,m_tau_jets,ht,weight,process\n0.1,0.2,0.3,40,1,50,300,400,0.5,wjets\n0.1,0.2,0.3,forty,1,50,300,400,0.5,wjets\n"
            .write(toFile: "\(partial)/wjets__nominal.csv", atomically: true, encoding: .utf8)
        try assertFails(["ttbar", "--quick", "--data", partial, "--output", path("out")], mentions: ["wjets__nominal.csv", "line 3", "column 'met'", "'forty'"])
    }
}
