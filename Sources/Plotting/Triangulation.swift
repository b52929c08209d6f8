/// The Delaunay triangulation of scattered points, with linear interpolation on its triangles:
/// contour lines and regions of functions known only at the points (e.g. CLs on a grid of
/// signal hypotheses).
///
/// The triangulation is computed by the Bowyer–Watson algorithm on the points scaled to the
/// unit square (so that axes in different units weigh alike). A function given at the points is
/// linear on each triangle; its contour at a level is then one straight segment per triangle it
/// crosses (marching triangles), and the region where one function lies below a level and
/// another above it is, on each triangle, the triangle clipped by two half-planes.
public struct Triangulation: Sendable {
  public typealias Vertex = (x: Double, y: Double)

  /// The points, as given.
  public let points: [Vertex]

  /// Triangles as indices into `points`, counter-clockwise in scaled coordinates.
  public let triangles: [(Int, Int, Int)]

  /// Triangulates `points`; fewer than three distinct, non-collinear points give no triangles.
  public init(points: [Vertex]) {
    self.points = points
    triangles = Self.delaunay(Self.scaledToUnitSquare(points))
  }

  /// The contour of `values` (one per point) at `level`, as segments.
  public func contour(_ values: [Double], level: Double) -> [(from: Vertex, to: Vertex)] {
    precondition(values.count == points.count, "contour needs one value per point")
    return triangles.compactMap { a, b, c in
      let corners = [a, b, c]
      var crossings: [Vertex] = []
      for (i, j) in [(0, 1), (1, 2), (2, 0)] {
        let (p, q) = (corners[i], corners[j])
        let (u, v) = (values[p] - level, values[q] - level)
        if (u < 0) != (v < 0), u != v {
          let t = u / (u - v)
          crossings.append((points[p].x + t * (points[q].x - points[p].x), points[p].y + t * (points[q].y - points[p].y)))
        }
      }
      return crossings.count == 2 ? (crossings[0], crossings[1]) : nil
    }
  }

  /// The region where `below` < `level` and `above` > `level` (both given at the points and
  /// interpolated linearly), as one convex polygon per triangle that holds some of it.
  public func region(where below: [Double], _ above: [Double], straddle level: Double) -> [[Vertex]] {
    precondition(below.count == points.count && above.count == points.count, "region needs one value per point")
    return triangles.compactMap { a, b, c in
      // Each corner carries (position, g1 = level − below, g2 = above − level); keep g1 ≥ 0, g2 ≥ 0.
      var polygon: [Corner] = [a, b, c].map { (points[$0], level - below[$0], above[$0] - level) }
      polygon = Self.clip(polygon, keeping: { $0.1 })
      polygon = Self.clip(polygon, keeping: { $0.2 })
      return polygon.count >= 3 ? polygon.map(\.0) : nil
    }
  }

  private typealias Corner = (Vertex, Double, Double)

  /// Sutherland–Hodgman: the part of `polygon` where the linear function `value` is ≥ 0.
  private static func clip(_ polygon: [Corner], keeping value: (Corner) -> Double) -> [Corner] {
    var result: [Corner] = []
    for (index, current) in polygon.enumerated() {
      let next = polygon[(index + 1) % polygon.count]
      let (u, v) = (value(current), value(next))
      if u >= 0 { result.append(current) }
      if (u >= 0) != (v >= 0) {
        let t = u / (u - v)
        func along(_ p: Double, _ q: Double) -> Double { p + t * (q - p) }
        result.append(((along(current.0.x, next.0.x), along(current.0.y, next.0.y)), along(current.1, next.1), along(current.2, next.2)))
      }
    }
    return result
  }

  /// The points mapped to [0, 1]² axis by axis (a constant axis maps to 0).
  private static func scaledToUnitSquare(_ points: [Vertex]) -> [Vertex] {
    guard let first = points.first else { return [] }
    var (minX, maxX, minY, maxY) = (first.x, first.x, first.y, first.y)
    for p in points {
      (minX, maxX, minY, maxY) = (min(minX, p.x), max(maxX, p.x), min(minY, p.y), max(maxY, p.y))
    }
    let (width, height) = (maxX - minX, maxY - minY)
    return points.map { ((width > 0 ? ($0.x - minX) / width : 0), (height > 0 ? ($0.y - minY) / height : 0)) }
  }

  /// Bowyer–Watson: insert the points one by one into a triangulation of a large enclosing
  /// triangle, each time replacing the triangles whose circumcircle holds the point by a fan
  /// from the point to the boundary of the hole; finally drop the enclosing triangle's corners.
  private static func delaunay(_ points: [Vertex]) -> [(Int, Int, Int)] {
    let n = points.count
    guard n >= 3 else { return [] }
    var vertices = points + [(-10, -10), (12, -10), (0.5, 12)]
    var triangles = [(n, n + 1, n + 2)]
    for (index, p) in points.enumerated() {
      if points[..<index].contains(where: { $0.x == p.x && $0.y == p.y }) { continue }
      var bad: [Int] = []
      for (t, triangle) in triangles.enumerated() where circumcircleContains(triangle, p, vertices) { bad.append(t) }
      var edgeUses: [Edge: Int] = [:]
      var boundary: [Edge] = []
      for t in bad {
        let (a, b, c) = triangles[t]
        for edge in [Edge(a, b), Edge(b, c), Edge(c, a)] {
          edgeUses[edge.undirected, default: 0] += 1
          boundary.append(edge)
        }
      }
      let badSet = Set(bad)
      triangles = triangles.enumerated().filter { !badSet.contains($0.offset) }.map(\.element)
      for edge in boundary where edgeUses[edge.undirected] == 1 {
        triangles.append((edge.from, edge.to, index))
      }
    }
    vertices.removeLast(3)
    return triangles.filter { $0.0 < n && $0.1 < n && $0.2 < n && area($0, vertices) > 1e-12 }
  }

  private struct Edge: Hashable {
    let from: Int, to: Int
    init(_ from: Int, _ to: Int) { (self.from, self.to) = (from, to) }
    var undirected: Edge { from < to ? self : Edge(to, from) }
  }

  /// Twice the signed area of the triangle (positive when counter-clockwise).
  private static func area(_ t: (Int, Int, Int), _ v: [Vertex]) -> Double {
    let (a, b, c) = (v[t.0], v[t.1], v[t.2])
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
  }

  /// Whether `p` lies strictly inside the circumcircle of the counter-clockwise triangle `t`.
  private static func circumcircleContains(_ t: (Int, Int, Int), _ p: Vertex, _ v: [Vertex]) -> Bool {
    var (a, b, c) = (v[t.0], v[t.1], v[t.2])
    if area(t, v) < 0 { swap(&b, &c) }
    let (ax, ay) = (a.x - p.x, a.y - p.y), (bx, by) = (b.x - p.x, b.y - p.y), (cx, cy) = (c.x - p.x, c.y - p.y)
    let determinant = (ax * ax + ay * ay) * (bx * cy - cx * by) - (bx * bx + by * by) * (ax * cy - cx * ay)
      + (cx * cx + cy * cy) * (ax * by - bx * ay)
    return determinant > 1e-14
  }
}
