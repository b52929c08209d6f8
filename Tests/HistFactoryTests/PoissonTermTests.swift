import XCTest
@testable import HistFactory

/// −log Pois(n | ν) without cancellation, against mpmath at 50 digits (fixtures/poisson/).
final class PoissonTermTests: XCTestCase {
    private struct Reference: Decodable {
        struct Case: Decodable {
            let n: Double
            let nu: Double
            let negative_log_poisson: Double
            let constant: Double
        }
        let cases: [Case]
    }

    func testMatchesHighPrecisionValues() throws {
        let reference = try Fixtures.decode(Reference.self, "poisson/poisson.json")
        XCTAssertGreaterThan(reference.cases.count, 10)
        for c in reference.cases {
            let ours = PoissonTerm.negativeLog(observed: c.n, expected: c.nu, includeConstant: true)
            // The naive ν − n log ν + log Γ(n + 1) is off by ~10⁻³ at n = 2·10¹¹.
            XCTAssertEqual(ours, c.negative_log_poisson, accuracy: 4e-15 * max(1, abs(c.negative_log_poisson)), "n = \(c.n), ν = \(c.nu)")
            XCTAssertEqual(PoissonTerm.constant(observed: c.n), c.constant, accuracy: 4e-15 * max(1, abs(c.constant)), "C(\(c.n))")
        }
    }

    func testDevianceIsNonNegativeAndZeroAtTheObservation() {
        for n in [0.5, 3.0, 17.0, 435.2, 2e11] {
            XCTAssertEqual(PoissonTerm.deviance(observed: n, expected: n), 0)
            for factor in [0.5, 0.99, 1 - 1e-9, 1 + 1e-9, 1.01, 3.0] {
                XCTAssertGreaterThanOrEqual(PoissonTerm.deviance(observed: n, expected: n * factor), 0, "n = \(n), ν/n = \(factor)")
            }
        }
        XCTAssertEqual(PoissonTerm.deviance(observed: 0, expected: 2.5), 2.5)
    }

    func testSeriesAndDirectBranchesAgreeAtTheirBorders() {
        // |u| = 0.1 switches from the series to log1p; n = 15 from log Γ to Stirling's series.
        for n in [20.0, 2e11] {
            let below = PoissonTerm.deviance(observed: n, expected: n * (1 + 0.1 - 1e-12))
            let above = PoissonTerm.deviance(observed: n, expected: n * (1 + 0.1 + 1e-12))
            XCTAssertEqual(below, above, accuracy: 1e-9 * below)
        }
        XCTAssertEqual(PoissonTerm.stirlingRemainder(15), PoissonTerm.stirlingRemainder(15 + 1e-9), accuracy: 1e-12)
    }
}
