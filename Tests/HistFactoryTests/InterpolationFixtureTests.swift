import XCTest
@testable import HistFactory

/// The interpolation codes against pyhf 0.7.6's interpolators (fixtures/pyhf/interpolation.json).
final class InterpolationFixtureTests: XCTestCase {
    struct Table: Decodable {
        struct Case: Decodable {
            let code: String
            let lo: Double
            let nominal: Double
            let hi: Double
            let values: [Double]
        }
        let alphas: [Double]
        let cases: [Case]
    }

    func testCodesMatchPyhf() throws {
        let table = try Fixtures.decode(Table.self, "pyhf/interpolation.json")
        XCTAssertEqual(Set(table.cases.map(\.code)), ["code0", "code1", "code2", "code4", "code4p"])
        for entry in table.cases {
            let code = try XCTUnwrap(InterpolationCode(rawValue: entry.code))
            for (alpha, expected) in zip(table.alphas, entry.values) {
                let total = code.interpolate(alpha, lo: entry.lo, nominal: entry.nominal, hi: entry.hi).value
                // pyhf reports the factor for the multiplicative codes.
                let ours = code.isMultiplicative ? total / entry.nominal : total
                if code == .code2 && abs(alpha) > 1 {
                    // pyhf 0.7.6 drops ROOT's offsets here (pyhf#2729, and #2610 for α < −1); we follow
                    // ROOT's continuous form, the linear continuation of the value and slope at ±1.
                    let a = (entry.hi + entry.lo) / 2 - entry.nominal, b = (entry.hi - entry.lo) / 2
                    let root = alpha > 1 ? entry.hi + (2 * a + b) * (alpha - 1) : entry.lo + (b - 2 * a) * (alpha + 1)
                    XCTAssertEqual(ours, root, accuracy: 1e-12, "code2 at \(alpha)")
                    continue
                }
                XCTAssertEqual(ours, expected, accuracy: 1e-12 * max(1, abs(expected)), "\(entry.code) \(entry) at α = \(alpha)")
            }
        }
    }
}
