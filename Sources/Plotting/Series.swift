/// A shape drawn on a plot, in data coordinates.
enum Mark: Sendable {
  /// A polyline through `(xs[i], ys[i])`.
  case line(xs: [Double], ys: [Double], dashed: Bool)

  /// A marker at each `(xs[i], ys[i])`.
  case points(xs: [Double], ys: [Double])

  /// The region between `(xs[i], lower[i])` and `(xs[i], upper[i])`.
  case band(xs: [Double], lower: [Double], upper: [Double])

  /// Filled polygons, each a closed list of vertices.
  case polygons([[(x: Double, y: Double)]])

  /// Separate straight segments (the pieces of a contour line).
  case segments([(from: (x: Double, y: Double), to: (x: Double, y: Double))], dashed: Bool)

  /// A reference line spanning the plot at ordinate `y`.
  case horizontal(y: Double)

  /// A reference line spanning the plot at abscissa `x`.
  case vertical(x: Double)

  /// The abscissae the horizontal axis must cover.
  var xValues: [Double] {
    switch self {
    case .line(let xs, _, _), .points(let xs, _), .band(let xs, _, _): xs
    case .polygons(let polygons): polygons.flatMap { $0.map(\.x) }
    case .segments(let segments, _): segments.flatMap { [$0.from.x, $0.to.x] }
    case .horizontal: []
    case .vertical(let x): [x]
    }
  }

  /// The ordinates the vertical axis must cover.
  var yValues: [Double] {
    switch self {
    case .line(_, let ys, _), .points(_, let ys): ys
    case .band(_, let lower, let upper): lower + upper
    case .polygons(let polygons): polygons.flatMap { $0.map(\.y) }
    case .segments(let segments, _): segments.flatMap { [$0.from.y, $0.to.y] }
    case .horizontal(let y): [y]
    case .vertical: []
    }
  }
}

/// A mark together with how it is presented.
struct Series: Sendable {
  /// What is drawn.
  var mark: Mark

  /// The legend text; unlabelled series have no legend entry.
  var label: String?

  /// The stroke or fill colour, as an SVG colour string.
  var colour: String

  init(_ mark: Mark, label: String?, colour: String) {
    self.mark = mark
    self.label = label
    self.colour = colour
  }
}
