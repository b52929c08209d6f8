import HistFactory
import XCTest
@testable import NeosCLI

/// Results computed from unconverged fits are withheld unless --allow-unconverged is given.
final class ConvergencePolicyTests: CommandTestCase {
    private let converged = FitRecord(name: "free fit to the observed data", status: FitStatus(converged: true, edm: 1e-20, iterations: 5, restarts: 0, parametersAtBound: []))
    private let stalled = FitRecord(name: "fit of mu = 1 to the Asimov data", status: FitStatus(converged: false, edm: 0.3, iterations: 500, restarts: 5, parametersAtBound: []))

    func testAnUnconvergedFitWithholdsTheResultAndNamesTheFit() throws {
        let options = try ConvergenceOptions.parse([])
        XCTAssertNoThrow(try options.check([converged], withheld: "CLs"))
        XCTAssertThrowsError(try options.check([converged, stalled], withheld: "CLs")) { error in
            let error = error as! UnconvergedFitError
            XCTAssertNil(error.report)
            XCTAssertTrue(error.description.contains("fit of mu = 1 to the Asimov data"), error.description)
            XCTAssertTrue(error.description.contains("CLs not printed"), error.description)
            XCTAssertTrue(error.description.contains("--allow-unconverged"), error.description)
            XCTAssertFalse(error.description.contains("free fit to the observed data"), error.description)
        }
        XCTAssertEqual(UnconvergedFitError.exitStatus, 3)
    }

    func testAllowUnconvergedLetsTheResultThrough() throws {
        let options = try ConvergenceOptions.parse(["--allow-unconverged"])
        XCTAssertNoThrow(try options.check([stalled], withheld: "CLs"))
    }

    func testInferenceOutputsReportTheStatusOfTheirFits() throws {
        let path = try write(WorkspaceText().json)
        for command in [["hypotest", path], ["limit", path], ["scan", path]] {
            let result = try json(command)
            let fits = try XCTUnwrap(result["fits"] as? [String: Any], "\(command[0])")
            XCTAssertEqual(fits["converged"] as? Bool, true, "\(command[0])")
            XCTAssertEqual((fits["unconverged"] as? [Any])?.count, 0, "\(command[0])")
        }
    }
}
