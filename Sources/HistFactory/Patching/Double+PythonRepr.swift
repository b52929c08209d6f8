extension Double {
    /// Python's `repr(float)`, which `json.dumps` writes for floats: the shortest digits that
    /// read back as the same double (Swift's `description` finds the same digits), laid out as
    /// Python's `float_repr_style = 'short'` does (Python/pystrtod.c, mode 'r'). With the value
    /// as 0.D × 10^e, positional notation for −4 < e ≤ 16 and always with a fractional part
    /// (`100.0`, `0.0001`, `1000000000000000.0`); otherwise an exponent with a sign and at least
    /// two digits (`1e-05`, `1e+16`, `1.5e+300`). Finite values only.
    var pythonRepr: String {
        precondition(isFinite, "JSON has no text for \(self)")
        let sign = self.sign == .minus ? "-" : ""
        // Swift writes "123.45", "0.001", "1e-05" or "1.2345e+16": split into digits and exponent.
        let text = magnitude.description
        let parts = text.split(separator: "e")
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = mantissa[0]
        let allDigits = Array(integerPart + (mantissa.count > 1 ? mantissa[1] : ""))
        let leadingZeros = allDigits.prefix { $0 == "0" }.count
        let digits = String(allDigits.dropFirst(leadingZeros)).reversed().drop { $0 == "0" }.reversed()
        guard !digits.isEmpty else { return sign + "0.0" }
        let exponent = parts.count > 1 ? Int(parts[1])! : 0
        let point = integerPart.count - leadingZeros + exponent
        let d = String(digits)

        if point <= -4 || point > 16 {
            let shown = point - 1
            let fraction = d.count > 1 ? "." + d.dropFirst() : ""
            let magnitudeText = String(abs(shown))
            return sign + String(d.first!) + fraction + "e" + (shown < 0 ? "-" : "+")
                + (magnitudeText.count < 2 ? "0" : "") + magnitudeText
        }
        if point <= 0 {
            return sign + "0." + String(repeating: "0", count: -point) + d
        }
        if point < d.count {
            return sign + d.prefix(point) + "." + d.dropFirst(point)
        }
        return sign + d + String(repeating: "0", count: point - d.count) + ".0"
    }
}
