import Foundation

/// A plot axis: the data interval it spans, how that interval is scaled, and
/// the labelled ticks along it.
struct Axis: Sendable {
  /// How data values are spaced along an axis.
  enum Scale: Sendable {
    /// Equal differences are equal distances.
    case linear
    /// Equal ratios are equal distances.
    case logarithmic
  }

  /// A labelled position on an axis.
  struct Tick: Sendable {
    var value: Double
    var label: String
  }

  var scale: Scale

  /// The value at the start of the axis.
  var lower: Double

  /// The value at the end of the axis.
  var upper: Double

  /// The ticks, in increasing order, spanning `lower...upper`.
  var ticks: [Tick]

  /// Where `value` falls along the axis, from 0 at `lower` to 1 at `upper`, or
  /// `nil` if the axis cannot show it (non-finite, or non-positive on a
  /// logarithmic axis).
  func fraction(of value: Double) -> Double? {
    guard value.isFinite else { return nil }
    switch scale {
    case .linear:
      return (value - lower) / (upper - lower)
    case .logarithmic:
      guard value > 0 else { return nil }
      return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
    }
  }
}
