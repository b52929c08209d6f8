/// A two-dimensional chart, rendered as a standalone SVG document.
///
/// Add series in the order they should be drawn, then call ``svg()``:
///
/// ```swift
/// var scan = Plot(title: "Profile likelihood", xLabel: "μ", yLabel: "2ΔNLL")
/// scan.line(mu, twiceDeltaNLL)
/// scan.horizontalLine(at: 1)
/// scan.verticalLine(at: interval.lowerBound)
/// scan.verticalLine(at: interval.upperBound)
/// let document = scan.svg()
/// ```
///
/// Axis ranges are chosen automatically to cover everything drawn. Non-finite
/// values, and non-positive ordinates on a logarithmic axis, are skipped; a
/// skipped value splits a line or band into separate pieces. Data series take
/// successive colours from a colour-blind-safe palette, reference lines are
/// drawn in grey, and every labelled series gets a legend entry.
public struct Plot: Sendable {
  /// Text centred above the plotting area.
  public var title: String

  /// Text centred below the horizontal axis.
  public var xLabel: String

  /// Text along the vertical axis.
  public var yLabel: String

  /// Whether the vertical axis is base-10 logarithmic.
  public var logY: Bool

  /// Width of the document, in pixels.
  public var width: Double = 640

  /// Height of the document, in pixels.
  public var height: Double = 420

  /// Everything added so far, in drawing order.
  private(set) var series: [Series] = []

  /// How many palette colours have been handed out.
  private var coloursUsed = 0

  /// Creates an empty plot.
  public init(title: String = "", xLabel: String = "", yLabel: String = "", logY: Bool = false) {
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
    self.logY = logY
  }

  /// Adds a line through the points `(xs[i], ys[i])`, solid or dashed.
  public mutating func line(_ xs: [Double], _ ys: [Double], label: String? = nil, dashed: Bool = false) {
    precondition(xs.count == ys.count, "line needs as many ordinates as abscissae")
    series.append(Series(.line(xs: xs, ys: ys, dashed: dashed), label: label, colour: nextColour()))
  }

  /// Adds a marker at each point `(xs[i], ys[i])`, in the next palette colour or in `colour`
  /// (an SVG colour, e.g. for classes of a colour scale).
  public mutating func points(_ xs: [Double], _ ys: [Double], label: String? = nil, colour: String? = nil) {
    precondition(xs.count == ys.count, "points needs as many ordinates as abscissae")
    series.append(Series(.points(xs: xs, ys: ys), label: label, colour: colour ?? nextColour()))
  }

  /// Adds translucent filled polygons (e.g. a region computed piece by piece), in the next
  /// palette colour or in `colour`.
  public mutating func polygons(_ polygons: [[(x: Double, y: Double)]], label: String? = nil, colour: String? = nil) {
    series.append(Series(.polygons(polygons), label: label, colour: colour ?? nextColour()))
  }

  /// Adds separate straight segments drawn as one line (e.g. the pieces of a contour).
  public mutating func segments(
    _ segments: [(from: (x: Double, y: Double), to: (x: Double, y: Double))], label: String? = nil, dashed: Bool = false,
    colour: String? = nil
  ) {
    series.append(Series(.segments(segments, dashed: dashed), label: label, colour: colour ?? nextColour()))
  }

  /// Adds a translucent filled region between the curves `(xs, lower)` and `(xs, upper)`.
  ///
  /// Add the widest band first when stacking bands, as in a Brazil plot.
  public mutating func band(_ xs: [Double], lower: [Double], upper: [Double], label: String? = nil) {
    precondition(xs.count == lower.count && xs.count == upper.count, "band needs matching bounds")
    series.append(Series(.band(xs: xs, lower: lower, upper: upper), label: label, colour: nextColour()))
  }

  /// Adds a histogram outline with `values[i]` drawn flat across the bin `edges[i]...edges[i + 1]`.
  ///
  /// If `errors` is given, a translucent band of `values[i] ± errors[i]` is drawn
  /// beneath the outline in the same colour.
  public mutating func steps(edges: [Double], values: [Double], errors: [Double]? = nil, label: String? = nil) {
    precondition(edges.count == values.count + 1, "steps needs one more edge than values")
    let colour = nextColour()
    let xs = values.indices.flatMap { [edges[$0], edges[$0 + 1]] }
    func stepped(_ heights: [Double]) -> [Double] { heights.flatMap { [$0, $0] } }
    if let errors {
      precondition(errors.count == values.count, "steps needs one error per value")
      let lower = zip(values, errors).map { $0 - $1 }
      let upper = zip(values, errors).map { $0 + $1 }
      series.append(Series(.band(xs: xs, lower: stepped(lower), upper: stepped(upper)), label: nil, colour: colour))
    }
    series.append(Series(.line(xs: xs, ys: stepped(values), dashed: false), label: label, colour: colour))
  }

  /// Adds a grey dashed line across the whole plot at ordinate `y`.
  public mutating func horizontalLine(at y: Double, label: String? = nil) {
    series.append(Series(.horizontal(y: y), label: label, colour: Palette.reference))
  }

  /// Adds a grey dashed line across the whole plot at abscissa `x`.
  public mutating func verticalLine(at x: Double, label: String? = nil) {
    series.append(Series(.vertical(x: x), label: label, colour: Palette.reference))
  }

  /// The next colour of the palette's cycle.
  private mutating func nextColour() -> String {
    defer { coloursUsed += 1 }
    return Palette.colour(coloursUsed)
  }
}
