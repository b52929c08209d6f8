import Foundation

/// A tick spacing of the form {1, 2, 5} × 10ⁿ.
///
/// The step is kept as integers so that its multiples, and hence tick values,
/// are the doubles nearest to the intended decimals (`3 × 0.2` is `0.6`, not
/// `0.6000000000000001`).
struct NiceStep: Sendable {
  /// 1, 2 or 5.
  var mantissa: Int

  /// The power of ten the mantissa is scaled by.
  var exponent: Int

  /// The nice step closest to `approximate` on a logarithmic scale, which must be positive and finite.
  init(near approximate: Double) {
    precondition(approximate > 0 && approximate.isFinite, "a tick step must be positive and finite")
    exponent = decimalExponent(of: approximate)
    let normalized = approximate / powerOfTen(exponent)
    // The boundaries are the geometric means of neighbouring nice mantissas.
    switch normalized {
    case ..<2.0.squareRoot(): mantissa = 1
    case ..<10.0.squareRoot(): mantissa = 2
    case ..<50.0.squareRoot(): mantissa = 5
    default:
      mantissa = 1
      exponent += 1
    }
  }

  /// The step as a number.
  var value: Double { multiple(1) }

  /// `n` steps, correctly rounded.
  func multiple(_ n: Int) -> Double {
    let digits = Double(n * mantissa)
    return exponent >= 0 ? digits * powerOfTen(exponent) : digits / powerOfTen(-exponent)
  }
}

/// 10ⁿ, exact wherever it is representable.
func powerOfTen(_ n: Int) -> Double {
  n >= 0 ? pow(10, Double(n)) : 1 / pow(10, Double(-n))
}

/// ⌊log₁₀ x⌋ for positive finite `x`, tolerant of rounding at exact powers of ten.
func decimalExponent(of x: Double) -> Int {
  Int((log10(x) + 1e-9).rounded(.down))
}
