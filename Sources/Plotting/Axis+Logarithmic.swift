import Foundation

extension Axis {
  /// A base-10 logarithmic axis covering the positive finite `values`, widened
  /// outwards to whole decades.
  ///
  /// Ticks sit on decades; on wide ranges only every k-th decade is ticked so
  /// that there are about `targetTickCount` ticks. With no positive values the
  /// axis spans 1...10; values that are all the same power of ten get a decade
  /// of room on either side.
  static func logarithmic(covering values: [Double], targetTickCount: Int = 7) -> Axis {
    let positive = values.filter { $0.isFinite && $0 > 0 }
    var first = positive.min().map(decimalExponent(of:)) ?? 0
    var last = positive.max().map { Int((log10($0) - 1e-9).rounded(.up)) } ?? 1
    if first == last {
      first -= 1
      last += 1
    }
    let stride = max(1, (last - first + targetTickCount - 2) / (targetTickCount - 1))
    first = Int((Double(first) / Double(stride)).rounded(.down)) * stride
    last = Int((Double(last) / Double(stride)).rounded(.up)) * stride
    let ticks = Swift.stride(from: first, through: last, by: stride).map { exponent in
      let value = powerOfTen(exponent)
      return Tick(value: value, label: tickLabel(value, resolution: value))
    }
    return Axis(scale: .logarithmic, lower: powerOfTen(first), upper: powerOfTen(last), ticks: ticks)
  }
}
