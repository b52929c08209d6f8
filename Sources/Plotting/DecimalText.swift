import Foundation

/// `value` in plain decimal notation with at most `digits` decimal places,
/// trailing zeros removed and no sign on zero.
func decimalText(_ value: Double, digits: Int) -> String {
  var text = String(format: "%.\(max(0, digits))f", value)
  if text.contains(".") {
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
  }
  return text == "-0" ? "0" : text
}
