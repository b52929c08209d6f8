extension Plot {
  /// The chart as a standalone SVG document.
  public func svg() -> String {
    let frame = self.frame()
    var elements = [
      SVGElement("rect", ["width": svgNumber(width), "height": svgNumber(height), "fill": "white"]),
      frame.grid(),
      SVGElement("g", ["class": "series"], children: series.compactMap { $0.element(in: frame) }),
      frame.axes(),
    ]
    elements += captions(around: frame)
    if let legend = frame.legend(for: series) {
      elements.append(legend)
    }
    let document = SVGElement(
      "svg",
      [
        "xmlns": "http://www.w3.org/2000/svg", "width": svgNumber(width), "height": svgNumber(height),
        "viewBox": "0 0 \(svgNumber(width)) \(svgNumber(height))",
        "font-family": "Helvetica, Arial, sans-serif", "font-size": "12",
      ],
      children: elements)
    return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + document.xml()
  }

  /// The plotting area, with axes covering everything drawn.
  func frame() -> Frame {
    let ys = series.flatMap(\.mark.yValues)
    return Frame(
      x: .linear(covering: series.flatMap(\.mark.xValues)),
      y: logY ? .logarithmic(covering: ys) : .linear(covering: ys),
      documentWidth: width,
      documentHeight: height)
  }

  /// The title and axis labels that are not empty.
  private func captions(around frame: Frame) -> [SVGElement] {
    let centre = svgNumber(frame.left + frame.width / 2)
    let middle = svgNumber(frame.top + frame.height / 2)
    var captions: [SVGElement] = []
    if !title.isEmpty {
      captions.append(
        SVGElement(
          "text",
          [
            "class": "title", "x": centre, "y": "26", "text-anchor": "middle",
            "font-size": "15", "font-weight": "bold",
          ],
          text: title))
    }
    if !xLabel.isEmpty {
      captions.append(
        SVGElement(
          "text",
          ["class": "x-label", "x": centre, "y": svgNumber(frame.bottom + 40), "text-anchor": "middle"],
          text: xLabel))
    }
    if !yLabel.isEmpty {
      captions.append(
        SVGElement(
          "text",
          [
            "class": "y-label", "x": "18", "y": middle, "text-anchor": "middle",
            "transform": "rotate(-90 18 \(middle))",
          ],
          text: yLabel))
    }
    return captions
  }
}
