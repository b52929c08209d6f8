import Foundation
import HistFactory
import XCTest
@testable import NeosCLI

final class CommandOutputTests: CommandTestCase {
    /// Decoded with JSONDecoder: swift-corelibs-foundation's JSONSerialization may misread the
    /// last digit of a double, JSONDecoder reads it exactly.
    private struct EvalOutput: Decodable {
        var logpdf: Double
        var expected_data: [Double]
        var parameters: [String: Double]
    }

    func testEvalMatchesTheModelsLogpdf() throws {
        let path = try write(WorkspaceText().json)
        let text = try output(["eval", path, "--set", "mu=0.5", "--set", "uncorr[0]=1.1", "--json"])
        let result = try JSONDecoder().decode(EvalOutput.self, from: Data(text.utf8))

        let workspace = try Workspace.load(from: path)
        let model = try Model(workspace: workspace)
        let data = try workspace.observedMainData(channelOrder: ["SR"]) + model.auxdata
        let parameters = [0.5, 1.1]
        XCTAssertEqual(model.parameterNames, ["mu", "uncorr[0]"])
        XCTAssertEqual(result.logpdf, model.logpdf(parameters, data: data))
        XCTAssertEqual(result.expected_data, model.expectedData(parameters))
        XCTAssertEqual(result.parameters, ["mu": 0.5, "uncorr[0]": 1.1])
    }

    func testEvalKeepsUnsetParametersAtTheirInits() throws {
        let path = try write(WorkspaceText(parameters: #"[{"name": "mu", "inits": [2]}]"#).json)
        let result = try json(["eval", path])
        XCTAssertEqual(result["parameters"] as? [String: Double], ["mu": 2, "uncorr[0]": 1])
        // ν = 2 × 10 + 50, τ = (50/7)²
        let expected = try XCTUnwrap(result["expected_data"] as? [Double])
        XCTAssertEqual(expected[0], 70)
        XCTAssertEqual(expected[1], 2500.0 / 49, accuracy: 1e-12)
    }

    func testInterpolationCodeChangesTheModel() throws {
        let normsys = #"[{"name": "mu", "type": "normfactor", "data": null}, {"name": "sys", "type": "normsys", "data": {"hi": 1.3, "lo": 0.8}}]"#
        let path = try write(WorkspaceText(signalModifiers: normsys).json)
        let arguments = ["eval", path, "--set", "sys=0.5"]
        let code4 = try XCTUnwrap(try json(arguments)["expected_data"] as? [Double])
        let code0 = try XCTUnwrap(try json(arguments + ["--interpcode", "normsys=code0"])["expected_data"] as? [Double])
        XCTAssertEqual(code0[0], 10 * 1.15 + 50, accuracy: 1e-12)
        XCTAssertNotEqual(code4[0], code0[0])
    }

    func testEvalTableListsParametersAndBins() throws {
        let path = try write(WorkspaceText().json)
        let table = try output(["eval", path])
        XCTAssertTrue(table.hasPrefix("log L = "))
        XCTAssertTrue(table.contains("uncorr[0]"))
        XCTAssertTrue(table.contains("SR[0]"))
        XCTAssertTrue(table.contains("aux uncorr[0]"))
    }

    func testFitReportsParametersCorrelationsAndConvergence() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["fit", path])
        XCTAssertEqual(Set(result.keys), ["parameters", "twice_nll", "converged", "status", "correlations"])
        XCTAssertEqual(result["converged"] as? Bool, true)
        let status = try XCTUnwrap(result["status"] as? [String: Any])
        XCTAssertEqual(Set(status.keys), ["converged", "edm", "iterations", "restarts", "parameters_at_bound"])
        XCTAssertLessThan(try XCTUnwrap(status["edm"] as? Double), 1e-8)
        let parameters = try XCTUnwrap(result["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.map { $0["name"] as? String }, ["mu", "uncorr[0]"])
        // One bin, two parameters: the fit reproduces n = 55 with the background at its nominal.
        let mu = try XCTUnwrap(parameters[0]["value"] as? Double)
        XCTAssertEqual(mu, 0.5, accuracy: 1e-6)
        XCTAssertGreaterThan(try XCTUnwrap(parameters[0]["uncertainty"] as? Double), 0)
        let correlations = try XCTUnwrap(result["correlations"] as? [[Double]])
        XCTAssertEqual(correlations.count, 2)
        XCTAssertEqual(correlations[0][0], 1, accuracy: 1e-12)
        XCTAssertLessThan(correlations[0][1], 0, "signal and background compete for the same events")
    }

    func testFitHoldsFixedParameters() throws {
        let path = try write(WorkspaceText().json)
        let parameters = try XCTUnwrap(try json(["fit", path, "--fix", "mu=0"])["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters[0]["value"] as? Double, 0)
        XCTAssertEqual(parameters[0]["uncertainty"] as? Double, 0)
        XCTAssertEqual(parameters[0]["fixed"] as? Bool, true)
        XCTAssertEqual(parameters[1]["fixed"] as? Bool, false)
        let table = try output(["fit", path, "--fix", "mu=0"])
        XCTAssertTrue(table.contains("fixed"))
        XCTAssertTrue(table.contains("converged"))
    }

    func testHypotestGivesAnAscendingExpectedBand() throws {
        let path = try write(WorkspaceText().json)
        for statistic in ["qtilde", "q"] {
            let result = try json(["hypotest", path, "--mu", "1", "--test-stat", statistic])
            let band = try XCTUnwrap(result["cls_exp"] as? [Double])
            XCTAssertEqual(band.count, 5)
            XCTAssertEqual(band, band.sorted())
            XCTAssertEqual(Set(band).count, 5)
            let observed = try XCTUnwrap(result["cls_obs"] as? Double)
            XCTAssertTrue((0...1).contains(observed))
        }
    }

    func testDiscoveryTestReportsP0() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["hypotest", path, "--test-stat", "q0"])
        let p0 = try XCTUnwrap(result["p0_obs"] as? Double)
        let z0 = try XCTUnwrap(result["z0_obs"] as? Double)
        XCTAssertEqual(try XCTUnwrap(result["p0_exp"] as? [Double]).count, 5)
        XCTAssertNil(result["cls_obs"])
        XCTAssertEqual(result["mu"] as? Double, 0)
        XCTAssertGreaterThan(z0, 0, "55 observed over 50 expected is an excess")
        XCTAssertEqual(0.5 * erfc(z0 / 2.0.squareRoot()), p0, accuracy: 1e-9)
    }

    func testLimitIsWhereCLsCrossesTheLevel() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["limit", path, "--level", "0.05"])
        let observed = try XCTUnwrap(result["upper_limit_obs"] as? Double)
        let expected = try XCTUnwrap(result["upper_limit_exp"] as? [Double])
        XCTAssertEqual(expected.count, 5)
        XCTAssertEqual(expected, expected.sorted())
        let cls = try XCTUnwrap(try json(["hypotest", path, "--mu", "\(observed)"])["cls_obs"] as? Double)
        XCTAssertEqual(cls, 0.05, accuracy: 1e-6)
    }

    func testScanIntervalContainsTheBestFit() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["scan", path, "--points", "7"])
        let muHat = try XCTUnwrap(result["mu_hat"] as? Double)
        let interval = try XCTUnwrap(result["interval"] as? [Double])
        XCTAssertEqual(interval.count, 2)
        XCTAssertLessThan(interval[0], muHat)
        XCTAssertGreaterThan(interval[1], muHat)
        let points = try XCTUnwrap(result["points"] as? [[Double]])
        XCTAssertEqual(points.count, 7)
        XCTAssertTrue(points.allSatisfy { $0.count == 2 && $0[1] >= -1e-9 })
    }

    func testScanHonoursRangeAndAsimov() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["scan", path, "--asimov", "--points", "3", "--range", "0:2"])
        XCTAssertEqual(try XCTUnwrap(result["mu_hat"] as? Double), 1, accuracy: 1e-6, "the nominal Asimov data has μ = 1")
        let points = try XCTUnwrap(result["points"] as? [[Double]])
        XCTAssertEqual(points.map { $0[0] }, [0, 1, 2])
    }

    func testFisherUncertaintyIsTheCovarianceDiagonal() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["fisher", path])
        XCTAssertEqual(result["parameters"] as? [String], ["mu", "uncorr[0]"])
        let covariance = try XCTUnwrap(result["covariance"] as? [[Double]])
        let sigma = try XCTUnwrap(result["poi_uncertainty"] as? Double)
        XCTAssertEqual(sigma, covariance[0][0].squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(covariance[0][1], covariance[1][0], accuracy: 1e-12)
    }

    /// One bin, signal s × μ, background b with shapesys σ: σ_μ = √(σ² + s + b)/s, so
    /// dσ_μ/ds = [s/(2√(σ²+s+b)) − √(σ²+s+b)]/s², dσ_μ/db = 1/(2s√(σ²+s+b)) and
    /// dσ_μ/dσ = σ/(s√(σ²+s+b)).
    func testFisherGradientMatchesTheClosedForm() throws {
        let path = try write(WorkspaceText().json)
        let result = try json(["fisher", path, "--gradient"])
        let (s, b, sigma) = (10.0, 50.0, 7.0)
        let root = (sigma * sigma + s + b).squareRoot()
        XCTAssertEqual(try XCTUnwrap(result["poi_uncertainty"] as? Double), root / s, accuracy: 1e-12)
        let gradient = try XCTUnwrap(result["gradient"] as? [String: [Double]])
        XCTAssertEqual(Set(gradient.keys), ["SR/signal/nominal", "SR/background/nominal", "SR/background/uncorr/data"])
        XCTAssertEqual(try XCTUnwrap(gradient["SR/background/uncorr/data"]?.first), sigma / (s * root), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(gradient["SR/signal/nominal"]?.first), (s / (2 * root) - root) / (s * s), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(gradient["SR/background/nominal"]?.first), 1 / (2 * s * root), accuracy: 1e-12)
        XCTAssertTrue(try output(["fisher", path, "--gradient"]).contains("SR/signal/nominal[0]"))
    }

    func testTablesAreNotJSON() throws {
        let path = try write(WorkspaceText().json)
        for subcommand in ["fit", "hypotest", "fisher"] {
            let text = try output([subcommand, path])
            XCTAssertFalse(text.hasPrefix("{"), subcommand)
            XCTAssertTrue(text.contains("mu"), subcommand)
        }
    }
}

final class RankingCommandTests: CommandTestCase {
    /// The ranking's JSON (cabinetry's fields, impacts as signed shifts of μ̂, largest post-fit
    /// impact first) and its plot, on the 19-parameter example workspace.
    func testRankingReportsSignedImpactsLargestFirstAndDrawsThem() throws {
        let workspace = ShardingTests.repository.appendingPathComponent("notebooks-data/example-workspace.json").path
        let plot = path("ranking.svg")
        let result = try json(["ranking", workspace, "--top", "5", "--plot", plot])
        XCTAssertEqual(result["poi"] as? String, "mu")
        XCTAssertEqual(try XCTUnwrap(result["bestfit"] as? Double), 1.305, accuracy: 1e-3)
        let parameters = try XCTUnwrap(result["parameters"] as? [[String: Any]])
        XCTAssertEqual(parameters.count, 5)
        let magnitudes = parameters.map { max(abs($0["postfit_up"] as! Double), abs($0["postfit_down"] as! Double)) }
        XCTAssertEqual(magnitudes, magnitudes.sorted(by: >))
        XCTAssertEqual(parameters[0]["name"] as? String, "jes")
        for key in ["pull", "uncertainty", "prefit_up", "prefit_down", "postfit_up", "postfit_down"] {
            XCTAssertNotNil(parameters[0][key] as? Double, key)
        }
        let svg = try String(contentsOfFile: plot, encoding: .utf8)
        XCTAssertEqual(svg.components(separatedBy: "class=\"parameter\"").count - 1, 5)
        XCTAssertTrue(svg.contains(">jes<") && svg.contains("(θ̂ − θ₀)/σ"))
    }
}
