extension Series {
  /// The series drawn in `frame`, or `nil` if none of it can be shown.
  func element(in frame: Frame) -> SVGElement? {
    switch mark {
    case .line(let xs, let ys, _):
      let pieces = runs(zip(xs, ys).map { frame.point($0, $1) })
      guard !pieces.isEmpty else { return nil }
      return stroked(
        SVGElement(
          "path",
          ["class": "line", "d": polylinePathData(pieces), "fill": "none", "stroke-linejoin": "round"]))

    case .points(let xs, let ys):
      let markers = zip(xs, ys).compactMap { frame.point($0, $1) }.map {
        SVGElement("circle", ["cx": svgNumber($0.x), "cy": svgNumber($0.y), "r": "3"])
      }
      guard !markers.isEmpty else { return nil }
      return SVGElement("g", ["class": "points", "fill": colour], children: markers)

    case .band(let xs, let lower, let upper):
      let pieces = runs(
        xs.indices.map { i -> (upper: Point, lower: Point)? in
          guard let top = frame.point(xs[i], upper[i]), let bottom = frame.point(xs[i], lower[i]) else {
            return nil
          }
          return (top, bottom)
        })
      guard !pieces.isEmpty else { return nil }
      return SVGElement(
        "path",
        ["class": "band", "d": bandPathData(pieces), "fill": colour, "fill-opacity": Self.bandOpacity])

    case .polygons(let polygons):
      let outlines = polygons.compactMap { polygon -> [Point]? in
        let corners = polygon.compactMap { frame.point($0.x, $0.y) }
        return corners.count == polygon.count && corners.count >= 3 ? corners : nil
      }
      guard !outlines.isEmpty else { return nil }
      return SVGElement(
        "path",
        ["class": "region", "d": polylinePathData(outlines, closed: true), "fill": colour, "fill-opacity": Self.bandOpacity])

    case .segments(let segments, _):
      let pieces = segments.compactMap { segment -> [Point]? in
        guard let from = frame.point(segment.from.x, segment.from.y), let to = frame.point(segment.to.x, segment.to.y) else {
          return nil
        }
        return [from, to]
      }
      guard !pieces.isEmpty else { return nil }
      return stroked(
        SVGElement("path", ["class": "segments", "d": polylinePathData(pieces), "fill": "none", "stroke-linecap": "round"]))

    case .horizontal(let y):
      guard let row = frame.row(y).map(svgNumber) else { return nil }
      return stroked(
        SVGElement(
          "line",
          ["class": "reference", "x1": svgNumber(frame.left), "y1": row, "x2": svgNumber(frame.right), "y2": row]))

    case .vertical(let x):
      guard let column = frame.column(x).map(svgNumber) else { return nil }
      return stroked(
        SVGElement(
          "line",
          ["class": "reference", "x1": column, "y1": svgNumber(frame.top), "x2": column, "y2": svgNumber(frame.bottom)]))
    }
  }

  /// A small sample of the series' look for the legend, `width` pixels wide,
  /// starting at `x` and centred vertically on `y`.
  func swatch(x: Double, y: Double, width: Double) -> SVGElement {
    switch mark {
    case .line, .segments, .horizontal, .vertical:
      stroked(
        SVGElement(
          "line", ["x1": svgNumber(x), "y1": svgNumber(y), "x2": svgNumber(x + width), "y2": svgNumber(y)]))
    case .points:
      SVGElement("circle", ["cx": svgNumber(x + width / 2), "cy": svgNumber(y), "r": "3", "fill": colour])
    case .band, .polygons:
      SVGElement(
        "rect",
        [
          "x": svgNumber(x), "y": svgNumber(y - 5), "width": svgNumber(width), "height": "10",
          "fill": colour, "fill-opacity": Self.bandOpacity,
        ])
    }
  }
}
