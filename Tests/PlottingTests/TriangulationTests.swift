import XCTest
@testable import Plotting

final class TriangulationTests: XCTestCase {
    /// A 4 × 3 grid in very different units on the two axes, plus two interior points.
    let points: [(x: Double, y: Double)] = [
        (100, 0), (200, 0), (300, 0), (400, 0), (100, 5), (200, 5), (300, 5), (400, 5),
        (100, 10), (200, 10), (300, 10), (400, 10), (150, 2.5), (330, 7.1),
    ]

    func testTheTriangulationIsDelaunayAndCoversTheConvexHull() {
        let triangulation = Triangulation(points: points)
        // A triangulation of n points with h on the hull has 2n − 2 − h triangles (h = 10 here).
        XCTAssertEqual(triangulation.triangles.count, 2 * points.count - 2 - 10)
        let scaled = points.map { (($0.x - 100) / 300, $0.y / 10) }
        var area = 0.0
        for (a, b, c) in triangulation.triangles {
            let (p, q, r) = (scaled[a], scaled[b], scaled[c])
            area += abs((q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)) / 2
            // Empty circumcircle: no other point strictly inside.
            let ax = p.0, ay = p.1, bx = q.0, by = q.1, cx = r.0, cy = r.1
            let d = 2 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
            let ux = ((ax * ax + ay * ay) * (by - cy) + (bx * bx + by * by) * (cy - ay) + (cx * cx + cy * cy) * (ay - by)) / d
            let uy = ((ax * ax + ay * ay) * (cx - bx) + (bx * bx + by * by) * (ax - cx) + (cx * cx + cy * cy) * (bx - ax)) / d
            let radius2 = (ax - ux) * (ax - ux) + (ay - uy) * (ay - uy)
            for (k, s) in scaled.enumerated() where ![a, b, c].contains(k) {
                XCTAssertGreaterThanOrEqual((s.0 - ux) * (s.0 - ux) + (s.1 - uy) * (s.1 - uy), radius2 * (1 - 1e-9))
            }
        }
        XCTAssertEqual(area, 1, accuracy: 1e-12, "the triangles tile the unit square")
    }

    func testTheContourOfALinearFunctionIsExact() {
        let triangulation = Triangulation(points: points)
        let values = points.map { 0.01 * $0.x + 0.2 * $0.y }  // linear: interpolation is exact
        let segments = triangulation.contour(values, level: 3)
        XCTAssertFalse(segments.isEmpty)
        for segment in segments {
            for end in [segment.from, segment.to] {
                XCTAssertEqual(0.01 * end.x + 0.2 * end.y, 3, accuracy: 1e-9)
            }
        }
        XCTAssertTrue(triangulation.contour(values, level: 100).isEmpty, "a level the function never reaches")
    }

    func testTheRegionBetweenTwoLevelsHoldsExactlyThePointsBetweenThem() {
        let triangulation = Triangulation(points: points)
        let below = points.map { 0.01 * $0.x }        // < 2.5 left of x = 250
        let above = points.map { 0.01 * $0.x + 1 }     // > 2.5 right of x = 150
        let polygons = triangulation.region(where: below, above, straddle: 2.5)
        XCTAssertFalse(polygons.isEmpty)
        var area = 0.0
        for polygon in polygons {
            for vertex in polygon {
                XCTAssertLessThanOrEqual(vertex.x, 250 + 1e-9)
                XCTAssertGreaterThanOrEqual(vertex.x, 150 - 1e-9)
            }
            for k in polygon.indices {
                let (p, q) = (polygon[k], polygon[(k + 1) % polygon.count])
                area += (p.x * q.y - q.x * p.y) / 2
            }
        }
        XCTAssertEqual(abs(area), 100 * 10, accuracy: 1e-6, "the strip 150 ≤ x ≤ 250 of the 10-high plane")
    }

    func testTooFewOrCollinearPointsGiveNoTriangles() {
        XCTAssertTrue(Triangulation(points: [(0, 0), (1, 1)]).triangles.isEmpty)
        XCTAssertTrue(Triangulation(points: [(0, 0), (1, 1), (2, 2), (3, 3)]).triangles.isEmpty)
    }
}
