extension Frame {
  /// A boxed legend in the top-right corner of the plotting area with one
  /// entry per labelled series, in drawing order, or `nil` if none is labelled.
  func legend(for series: [Series]) -> SVGElement? {
    let entries = series.compactMap { series in series.label.map { (series: series, label: $0) } }
    guard !entries.isEmpty else { return nil }

    let rowHeight = 18.0, padding = 8.0, swatchWidth = 24.0, gap = 6.0
    let characterWidth = 7.0  // a generous average for 12 px sans-serif
    let textWidth = entries.map { Double($0.label.count) * characterWidth }.max() ?? 0
    let boxWidth = padding + swatchWidth + gap + textWidth + padding
    let boxHeight = Double(entries.count) * rowHeight + padding
    let boxLeft = right - padding - boxWidth
    let boxTop = top + padding

    let box = SVGElement(
      "rect",
      [
        "x": svgNumber(boxLeft), "y": svgNumber(boxTop), "width": svgNumber(boxWidth),
        "height": svgNumber(boxHeight), "fill": "white", "fill-opacity": "0.85", "stroke": "#cccccc",
      ])
    let rows = entries.enumerated().map { index, entry in
      let y = boxTop + padding / 2 + rowHeight * (Double(index) + 0.5)
      let textLeft = boxLeft + padding + swatchWidth + gap
      return SVGElement(
        "g", ["class": "legend-entry"],
        children: [
          entry.series.swatch(x: boxLeft + padding, y: y, width: swatchWidth),
          SVGElement("text", ["x": svgNumber(textLeft), "y": svgNumber(y + 4)], text: entry.label),
        ])
    }
    return SVGElement("g", ["class": "legend"], children: [box] + rows)
  }
}
