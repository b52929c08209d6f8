/// A compact label for a tick at `value`, showing digits down to `resolution`
/// and no trailing zeros.
///
/// Magnitudes from 0.001 up to 100 000 are written as plain decimals (`0.25`,
/// `870`); others use an exponent (`1e-5`, `2.5e6`).
func tickLabel(_ value: Double, resolution: Double) -> String {
  let magnitude = abs(value)
  let precision = decimalExponent(of: resolution)
  if magnitude == 0 || (1e-3..<1e5).contains(magnitude) {
    return decimalText(value, digits: -precision)
  }
  let exponent = decimalExponent(of: magnitude)
  return decimalText(value / powerOfTen(exponent), digits: exponent - precision) + "e\(exponent)"
}
