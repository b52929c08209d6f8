/// A position in the document, in pixels from the top-left corner.
struct Point: Sendable {
  var x: Double
  var y: Double
}

/// The rectangle data is drawn in, and the axes that map data into it.
struct Frame: Sendable {
  /// Space around the plotting area for the title, tick labels and axis labels.
  static let margins = (left: 72.0, right: 20.0, top: 44.0, bottom: 52.0)

  /// The horizontal axis.
  var x: Axis

  /// The vertical axis.
  var y: Axis

  var left: Double
  var top: Double
  var width: Double
  var height: Double

  var right: Double { left + width }
  var bottom: Double { top + height }

  /// The plotting area of a `documentWidth` × `documentHeight` document.
  init(x: Axis, y: Axis, documentWidth: Double, documentHeight: Double) {
    let margins = Self.margins
    self.x = x
    self.y = y
    left = margins.left
    top = margins.top
    width = max(1, documentWidth - margins.left - margins.right)
    height = max(1, documentHeight - margins.top - margins.bottom)
  }

  /// The pixel column of abscissa `x`, if the axis can show it.
  func column(_ x: Double) -> Double? {
    self.x.fraction(of: x).map { left + $0 * width }
  }

  /// The pixel row of ordinate `y`, if the axis can show it; rows grow downwards.
  func row(_ y: Double) -> Double? {
    self.y.fraction(of: y).map { bottom - $0 * height }
  }

  /// The pixel position of the data point `(x, y)`, if both axes can show it.
  func point(_ x: Double, _ y: Double) -> Point? {
    guard let column = column(x), let row = row(y) else { return nil }
    return Point(x: column, y: row)
  }
}
