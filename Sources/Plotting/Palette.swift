/// The colours series are drawn in.
///
/// Data series cycle through the Okabe–Ito palette, which stays distinguishable
/// under the common forms of colour-vision deficiency.
enum Palette {
  /// The data-series colours, in the order they are handed out.
  static let cycle = [
    "#0072B2",  // blue
    "#D55E00",  // vermillion
    "#009E73",  // bluish green
    "#E69F00",  // orange
    "#CC79A7",  // reddish purple
    "#56B4E9",  // sky blue
    "#F0E442",  // yellow
    "#000000",  // black
  ]

  /// The colour of reference lines.
  static let reference = "#555555"

  /// The colour of the `index`-th data series, wrapping around the cycle.
  static func colour(_ index: Int) -> String {
    cycle[index % cycle.count]
  }
}
