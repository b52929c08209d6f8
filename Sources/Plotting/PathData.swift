/// The maximal runs of consecutive non-`nil` elements of `items`.
///
/// A `nil` ends the current run, so `[a, b, nil, c]` gives `[[a, b], [c]]`.
func runs<Element>(_ items: [Element?]) -> [[Element]] {
  var result: [[Element]] = []
  var current: [Element] = []
  for item in items {
    if let item {
      current.append(item)
    } else if !current.isEmpty {
      result.append(current)
      current = []
    }
  }
  if !current.isEmpty { result.append(current) }
  return result
}

/// SVG path data for polylines, one subpath per run, closed back to their start if `closed`.
func polylinePathData(_ runs: [[Point]], closed: Bool = false) -> String {
  runs.map { "M" + $0.map(coordinates).joined(separator: " L") + (closed ? " Z" : "") }.joined(separator: " ")
}

/// SVG path data for closed polygons, one subpath per run, each going out
/// along the upper points and back along the lower ones.
func bandPathData(_ runs: [[(upper: Point, lower: Point)]]) -> String {
  runs.map { run in
    let outline = run.map(\.upper) + run.reversed().map(\.lower)
    return "M" + outline.map(coordinates).joined(separator: " L") + " Z"
  }.joined(separator: " ")
}

/// `x,y` as written in path data.
private func coordinates(_ point: Point) -> String {
  "\(svgNumber(point.x)),\(svgNumber(point.y))"
}
