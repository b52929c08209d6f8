/// The ranking plot of a fit, as cabinetry and the LHC experiments draw it: one row per nuisance
/// parameter, largest impact on top; bars of the impact on the parameter of interest (pre-fit
/// hollow, post-fit filled; up and down variations in two colours) against the top axis, and the
/// pull (θ̂ − θ₀)/σ with its post-fit uncertainty Δθ/σ as a black point with an error bar
/// against the bottom axis.
public struct ImpactChart: Sendable {
  public struct Row: Sendable {
    public var name: String
    public var prefitUp: Double
    public var prefitDown: Double
    public var postfitUp: Double
    public var postfitDown: Double
    /// (θ̂ − θ₀)/σ and Δθ/σ; nil for unconstrained parameters (no point drawn).
    public var pull: (value: Double, uncertainty: Double)?

    public init(name: String, prefitUp: Double, prefitDown: Double, postfitUp: Double, postfitDown: Double,
                pull: (value: Double, uncertainty: Double)?) {
      (self.name, self.prefitUp, self.prefitDown, self.postfitUp, self.postfitDown, self.pull) =
        (name, prefitUp, prefitDown, postfitUp, postfitDown, pull)
    }
  }

  public var title: String
  /// The label of the impact axis, e.g. "Δμ".
  public var impactLabel: String
  public var rows: [Row]

  public init(title: String, impactLabel: String, rows: [Row]) {
    self.title = title
    self.impactLabel = impactLabel
    self.rows = rows
  }

  static let up = "#0072B2", down = "#E69F00"

  public func svg() -> String {
    let rowHeight = 22.0, characterWidth = 7.0
    let left = 24 + characterWidth * Double(rows.map(\.name.count).max() ?? 8)
    let (top, right) = (96.0, 24.0), width = max(left + 360, 560.0) + right
    let height = top + rowHeight * Double(max(rows.count, 1)) + 56
    let plotWidth = width - left - right, bottom = height - 56
    let impacts = rows.flatMap { [$0.prefitUp, $0.prefitDown, $0.postfitUp, $0.postfitDown] }.filter(\.isFinite)
    let largest = max(impacts.map(abs).max() ?? 1, 1e-12)
    let impactAxis = Axis.linear(covering: [-1.1 * largest, 1.1 * largest])
    let pullAxis = Axis.linear(covering: [-2, 2] + rows.compactMap { $0.pull.map { [$0.value - $0.uncertainty, $0.value + $0.uncertainty] } }.flatMap { $0 })
    func x(_ axis: Axis, _ value: Double) -> Double { left + (axis.fraction(of: value) ?? 0.5) * plotWidth }
    var elements = [
      SVGElement("rect", ["width": svgNumber(width), "height": svgNumber(height), "fill": "white"]),
      SVGElement("text", ["x": svgNumber(left + plotWidth / 2), "y": "22", "text-anchor": "middle", "font-size": "15", "font-weight": "bold"], text: title),
    ]
    // Axes: impact on top, pull at the bottom, each with ticks and a label.
    for (axis, y, direction, label) in [(impactAxis, top, -1.0, impactLabel), (pullAxis, bottom, 1.0, "(θ̂ − θ₀)/σ")] {
      var ticks: [SVGElement] = [SVGElement("line", ["x1": svgNumber(left), "y1": svgNumber(y), "x2": svgNumber(left + plotWidth), "y2": svgNumber(y), "stroke": "black"])]
      for tick in axis.ticks {
        let column = svgNumber(x(axis, tick.value))
        ticks.append(SVGElement("line", ["x1": column, "y1": svgNumber(y), "x2": column, "y2": svgNumber(y + 5 * direction), "stroke": "black"]))
        ticks.append(SVGElement("text", ["x": column, "y": svgNumber(y + (direction > 0 ? 18 : -9)), "text-anchor": "middle"], text: tick.label))
      }
      ticks.append(SVGElement("text", ["x": svgNumber(left + plotWidth / 2), "y": svgNumber(y + (direction > 0 ? 40 : -28)), "text-anchor": "middle"], text: label))
      elements.append(SVGElement("g", ["class": "axis"], children: ticks))
    }
    let zero = svgNumber(x(impactAxis, 0))
    elements.append(SVGElement("line", ["x1": zero, "y1": svgNumber(top), "x2": zero, "y2": svgNumber(bottom), "stroke": "#999999", "stroke-dasharray": "4 3"]))
    for (index, row) in rows.enumerated() {
      let middle = top + rowHeight * (Double(index) + 0.5)
      var children = [SVGElement("text", ["x": svgNumber(left - 8), "y": svgNumber(middle + 4), "text-anchor": "end"], text: row.name)]
      func bar(_ value: Double, colour: String, filled: Bool) -> SVGElement? {
        guard value.isFinite, value != 0 else { return nil }
        let (a, b) = (x(impactAxis, 0), x(impactAxis, value))
        return SVGElement("rect", [
          "x": svgNumber(min(a, b)), "y": svgNumber(middle - 7), "width": svgNumber(abs(b - a)), "height": "14",
          "fill": filled ? colour : "none", "fill-opacity": filled ? "0.55" : "1", "stroke": colour, "stroke-width": "1.2",
        ])
      }
      children += [bar(row.prefitUp, colour: Self.up, filled: false), bar(row.prefitDown, colour: Self.down, filled: false),
                   bar(row.postfitUp, colour: Self.up, filled: true), bar(row.postfitDown, colour: Self.down, filled: true)].compactMap { $0 }
      if let pull = row.pull, pull.value.isFinite {
        let (low, high) = (x(pullAxis, pull.value - pull.uncertainty), x(pullAxis, pull.value + pull.uncertainty))
        children.append(SVGElement("line", ["x1": svgNumber(low), "y1": svgNumber(middle), "x2": svgNumber(high), "y2": svgNumber(middle), "stroke": "black", "stroke-width": "1.5"]))
        children.append(SVGElement("circle", ["cx": svgNumber(x(pullAxis, pull.value)), "cy": svgNumber(middle), "r": "3.5", "fill": "black"]))
      }
      elements.append(SVGElement("g", ["class": "parameter"], children: children))
    }
    // Legend above the impact axis.
    let legend: [(String, SVGElement)] = [
      ("pre-fit impact, θ = θ̂ ± σ", SVGElement("rect", ["width": "18", "height": "10", "fill": "none", "stroke": Self.up])),
      ("post-fit impact, θ = θ̂ ± Δθ", SVGElement("rect", ["width": "18", "height": "10", "fill": Self.up, "fill-opacity": "0.55", "stroke": Self.up])),
      ("down variation", SVGElement("rect", ["width": "18", "height": "10", "fill": Self.down, "fill-opacity": "0.55", "stroke": Self.down])),
      ("pull", SVGElement("circle", ["cx": "9", "cy": "5", "r": "3.5", "fill": "black"])),
    ]
    var cursor = left
    for (label, swatch) in legend {
      elements.append(SVGElement("g", ["transform": "translate(\(svgNumber(cursor)) 38)"], children: [
        swatch, SVGElement("text", ["x": "24", "y": "10"], text: label),
      ]))
      cursor += 30 + characterWidth * Double(label.count)
    }
    let document = SVGElement("svg", [
      "xmlns": "http://www.w3.org/2000/svg", "width": svgNumber(max(width, cursor + right)), "height": svgNumber(height),
      "viewBox": "0 0 \(svgNumber(max(width, cursor + right))) \(svgNumber(height))",
      "font-family": "Helvetica, Arial, sans-serif", "font-size": "12",
    ], children: elements)
    return #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + document.xml()
  }
}
