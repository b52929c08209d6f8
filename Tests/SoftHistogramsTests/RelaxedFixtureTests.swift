import _Differentiation
import Foundation
@testable import SoftHistograms
import XCTest

/// `fixtures/relaxed/kde.json`, written by `fixtures/relaxed/generate.py` with relaxed 0.4.0
/// (jax 0.10.2, float64). Gradients are vector–Jacobian products with the stored cotangent.
struct RelaxedFixtures: Decodable {
    struct Hist: Decodable {
        let name: String
        let data: [Double]
        let bins: [Double]
        let bandwidth: Double
        let density: Bool
        let reflect_infinities: Bool
        let counts: [Double]
        let cotangent: [Double]
        let grad_data: [Double]
        let grad_bins: [Double]
        /// null where relaxed returns NaN (every reflect_infinities case).
        let grad_bandwidth: Double?
        let notes: [String]
    }

    struct Cut: Decodable {
        let name: String
        let data: [Double]
        let cut_val: Double
        let slope: Double
        let keep: String
        let weights: [Double]
        let cotangent: [Double]
        /// Entries are null where relaxed's gradient is NaN (exp overflow at large slopes).
        let grad_data: [Double?]
        let grad_cut_val: Double?
        let grad_slope: Double?
    }

    let relaxed_version: String
    let hist: [Hist]
    let cut: [Cut]

    static func load() throws -> RelaxedFixtures {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/relaxed/kde.json")
        return try JSONDecoder().decode(RelaxedFixtures.self, from: Data(contentsOf: url))
    }
}

final class RelaxedFixtureTests: XCTestCase {
    /// 1e-12 relative: entry by entry for the counts and weights; for gradients relative to the
    /// largest entry of the same gradient (normwise), because single entries can be sums with
    /// cancellation (e.g. an edge of a bin 58 times narrower than the bandwidth, where relaxed
    /// itself is 1.9e-12 and we are 2.8e-12 away from the exact value, computed with mpmath) or
    /// tiny (events ≥ 8 bandwidths from every edge, where we drop pairs beyond 9 bandwidths).
    let tolerance = 1e-12

    func assertGradient(_ ours: [Double], _ reference: [Double], _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let scale = reference.map(abs).max() ?? 0
        assertClose(ours, reference, relative: 0, absolute: tolerance * scale, message, file: file, line: line)
    }

    func testHistAgainstRelaxed() throws {
        let fixtures = try RelaxedFixtures.load()
        XCTAssertEqual(fixtures.relaxed_version, "0.4.0")
        XCTAssertEqual(fixtures.hist.count, 24)
        var skippedBandwidth = 0
        for c in fixtures.hist where !(c.density && c.reflect_infinities) {
            let (value, pullback) = KDEHistogram._vjpCounts(
                values: c.data, edges: c.bins, bandwidth: c.bandwidth, density: c.density, foldOverflow: c.reflect_infinities)
            assertClose(value, c.counts, relative: tolerance, "\(c.name) counts")
            let (gData, gBins, gBandwidth) = pullback(.init(c.cotangent))
            assertGradient(gData.base, c.grad_data, "\(c.name) d/d data")
            assertGradient(gBins.base, c.grad_bins, "\(c.name) d/d bins")
            if let reference = c.grad_bandwidth {
                assertClose(gBandwidth, reference, relative: tolerance, "\(c.name) d/d bandwidth")
            } else {
                // relaxed 0.4.0 evaluates φ(−∞)·(−∞) at the infinite edges it adds: NaN. Ours is finite
                // (checked against finite differences in KDEHistogramTests).
                XCTAssertTrue(c.reflect_infinities, c.name)
                XCTAssertTrue(gBandwidth.isFinite, c.name)
                skippedBandwidth += 1
            }
        }
        XCTAssertEqual(skippedBandwidth, 6)
    }

    /// relaxed's density + reflect_infinities divides the overflow bins by their infinite width
    /// before folding them, so it computes in-range counts / width / N (N = all events), folding
    /// nothing. Check that reading of relaxed against our unfolded counts (value, data and edge
    /// gradients; its bandwidth gradient is NaN).
    func testRelaxedDensityWithReflectionFoldsNothing() throws {
        let fixtures = try RelaxedFixtures.load()
        var checked = 0
        for c in fixtures.hist where c.density && c.reflect_infinities {
            let n = Double(c.data.count)
            let widths = (0..<(c.bins.count - 1)).map { c.bins[$0 + 1] - c.bins[$0] }
            let (raw, pullback) = KDEHistogram._vjpCounts(values: c.data, edges: c.bins, bandwidth: c.bandwidth, density: false, foldOverflow: false)
            let value = raw.indices.map { raw[$0] / widths[$0] / n }
            assertClose(value, c.counts, relative: tolerance, "\(c.name) counts")
            let (gData, gBins, _) = pullback(.init(c.cotangent.indices.map { c.cotangent[$0] / widths[$0] / n }))
            var binGradient = gBins.base
            for i in widths.indices {
                let widthTerm = -c.cotangent[i] * value[i] / widths[i]
                binGradient[i + 1] += widthTerm
                binGradient[i] -= widthTerm
            }
            assertGradient(gData.base, c.grad_data, "\(c.name) d/d data")
            assertGradient(binGradient, c.grad_bins, "\(c.name) d/d bins")
            XCTAssertNil(c.grad_bandwidth)
            // Ours folds the overflow for real: a proper density over [e_0, e_n].
            let ours = KDEHistogram.counts(values: c.data, edges: c.bins, bandwidth: c.bandwidth, density: true, foldOverflow: true)
            XCTAssertEqual(zip(ours, widths).reduce(0) { $0 + $1.0 * $1.1 }, 1, accuracy: 1e-14)
            checked += 1
        }
        XCTAssertEqual(checked, 6)
    }

    func testCutAgainstRelaxed() throws {
        let fixtures = try RelaxedFixtures.load()
        XCTAssertEqual(fixtures.cut.count, 6)
        var nanEntries = 0
        for c in fixtures.cut {
            let keep = try XCTUnwrap(SigmoidCut.Keep(rawValue: c.keep))
            let (value, pullback) = SigmoidCut._vjpWeights(values: c.data, cut: c.cut_val, slope: c.slope, keep: keep)
            // Large |slope (x − cut)| puts weights at 1e-400-ish scales where relaxed's 1/(1 + e^y)
            // and our e^−y/(1 + e^−y) round differently only below the smallest normal double.
            assertClose(value, c.weights, relative: tolerance, absolute: 1e-300, "\(c.name) weights")
            let (gData, gCut, gSlope) = pullback(.init(c.cotangent))
            for (k, reference) in c.grad_data.enumerated() {
                if let reference, reference != 0 {
                    assertClose(gData.base[k], reference, relative: tolerance, "\(c.name) d/d data[\(k)]")
                } else {
                    // relaxed differentiates 1/(1 + e^y) as −e^y/(1 + e^y)²: where e^y overflows that is
                    // inf/inf = NaN (null here), and where (1 + e^y)⁻² underflows it is 0. Ours is the
                    // true value, e^−|y|/(1 + e^−|y|)², here below 1e-200.
                    XCTAssertLessThan(abs(gData.base[k]), 1e-200, "\(c.name) d/d data[\(k)]")
                    if reference == nil { nanEntries += 1 }
                }
            }
            if let reference = c.grad_cut_val {
                assertClose(gCut, reference, relative: tolerance, "\(c.name) d/d cut")
            } else {
                XCTAssertTrue(gCut.isFinite)
            }
            if let reference = c.grad_slope {
                assertClose(gSlope, reference, relative: tolerance, "\(c.name) d/d slope")
            } else {
                XCTAssertTrue(gSlope.isFinite)
            }
        }
        XCTAssertGreaterThan(nanEntries, 0, "the slope-1000 case documents relaxed's NaN gradients")
    }
}
