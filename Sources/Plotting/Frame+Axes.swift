extension Frame {
  /// Light lines across the plotting area at every tick.
  func grid() -> SVGElement {
    let verticals = x.ticks.compactMap { column($0.value) }.map(svgNumber).map {
      SVGElement("line", ["x1": $0, "y1": svgNumber(top), "x2": $0, "y2": svgNumber(bottom)])
    }
    let horizontals = y.ticks.compactMap { row($0.value) }.map(svgNumber).map {
      SVGElement("line", ["x1": svgNumber(left), "y1": $0, "x2": svgNumber(right), "y2": $0])
    }
    return SVGElement("g", ["class": "grid", "stroke": "#e6e6e6"], children: verticals + horizontals)
  }

  /// The border of the plotting area, with outward tick marks and tick labels.
  func axes() -> SVGElement {
    let tickLength = 5.0
    let border = SVGElement(
      "rect",
      [
        "x": svgNumber(left), "y": svgNumber(top), "width": svgNumber(width), "height": svgNumber(height),
        "fill": "none", "stroke": "black",
      ])
    let xTicks = x.ticks.compactMap { tick in column(tick.value).map { (tick.label, $0) } }.map {
      label, column in
      SVGElement(
        "g", ["class": "x-tick"],
        children: [
          SVGElement(
            "line",
            [
              "x1": svgNumber(column), "y1": svgNumber(bottom),
              "x2": svgNumber(column), "y2": svgNumber(bottom + tickLength), "stroke": "black",
            ]),
          SVGElement(
            "text", ["x": svgNumber(column), "y": svgNumber(bottom + 18), "text-anchor": "middle"],
            text: label),
        ])
    }
    let yTicks = y.ticks.compactMap { tick in row(tick.value).map { (tick.label, $0) } }.map {
      label, row in
      SVGElement(
        "g", ["class": "y-tick"],
        children: [
          SVGElement(
            "line",
            [
              "x1": svgNumber(left - tickLength), "y1": svgNumber(row),
              "x2": svgNumber(left), "y2": svgNumber(row), "stroke": "black",
            ]),
          SVGElement(
            "text", ["x": svgNumber(left - 8), "y": svgNumber(row + 4), "text-anchor": "end"],
            text: label),
        ])
    }
    return SVGElement("g", ["class": "axes", "font-size": "11"], children: [border] + xTicks + yTicks)
  }
}
