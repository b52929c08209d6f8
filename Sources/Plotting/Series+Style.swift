extension Series {
  /// The opacity of band fills, low enough for stacked bands and lines to show through.
  static let bandOpacity = "0.3"

  /// `element` with the series' colour, width and dash pattern as its stroke.
  func stroked(_ element: SVGElement) -> SVGElement {
    var element = element
    element.attributes.append(("stroke", colour))
    switch mark {
    case .horizontal, .vertical:
      element.attributes += [("stroke-width", "1.2"), ("stroke-dasharray", "5 4")]
    case .line(_, _, dashed: true), .segments(_, dashed: true):
      element.attributes += [("stroke-width", "1.8"), ("stroke-dasharray", "6 4")]
    default:
      element.attributes.append(("stroke-width", "1.8"))
    }
    return element
  }
}
