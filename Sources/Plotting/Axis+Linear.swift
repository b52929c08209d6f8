extension Axis {
  /// A linear axis covering the finite `values`, widened outwards to whole
  /// multiples of the 1-2-5 step that best gives `targetIntervals` intervals.
  ///
  /// With no finite values the axis spans 0...1. When all values are equal the
  /// axis is centred on them (±10 %, or ±1 around zero).
  static func linear(covering values: [Double], targetIntervals: Int = 5) -> Axis {
    let finite = values.filter(\.isFinite)
    var lower = finite.min() ?? 0
    var upper = finite.max() ?? 1
    if upper - lower <= max(abs(lower), abs(upper)) * 1e-12 {
      let padding = lower == 0 ? 1 : abs(lower) * 0.1
      lower -= padding
      upper += padding
    }
    let step = NiceStep(near: (upper - lower) / Double(targetIntervals))
    let first = Int((lower / step.value + 1e-9).rounded(.down))
    let last = Int((upper / step.value - 1e-9).rounded(.up))
    let ticks = (first...last).map { i in
      let value = step.multiple(i)
      return Tick(value: value, label: tickLabel(value, resolution: step.value))
    }
    return Axis(scale: .linear, lower: step.multiple(first), upper: step.multiple(last), ticks: ticks)
  }
}
