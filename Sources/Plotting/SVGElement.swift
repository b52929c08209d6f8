/// A node of an SVG document that renders as well-formed, escaped XML.
struct SVGElement: Sendable {
  /// The tag name.
  var name: String

  /// Attribute names and unescaped values, in output order.
  var attributes: [(name: String, value: String)]

  /// Unescaped character content, written before the children.
  var text: String?

  /// Nested elements.
  var children: [SVGElement]

  init(
    _ name: String, _ attributes: KeyValuePairs<String, String> = [:],
    text: String? = nil, children: [SVGElement] = []
  ) {
    self.name = name
    self.attributes = attributes.map { (name: $0.key, value: $0.value) }
    self.text = text
    self.children = children
  }

  /// The element as XML, children indented by two spaces per level.
  func xml(indentation: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indentation)
    let head = ([name] + attributes.map { "\($0.name)=\"\($0.value.xmlEscaped)\"" }).joined(separator: " ")
    if text == nil && children.isEmpty {
      return "\(pad)<\(head)/>\n"
    }
    if children.isEmpty {
      return "\(pad)<\(head)>\(text?.xmlEscaped ?? "")</\(name)>\n"
    }
    let body = children.map { $0.xml(indentation: indentation + 1) }.joined()
    return "\(pad)<\(head)>\(text?.xmlEscaped ?? "")\n\(body)\(pad)</\(name)>\n"
  }
}

extension String {
  /// The string made safe as XML character data or a quoted attribute value.
  ///
  /// Markup characters become entity references, and characters that XML 1.0
  /// forbids outright (most C0 controls) become U+FFFD.
  var xmlEscaped: String {
    var escaped = ""
    escaped.reserveCapacity(utf8.count)
    for scalar in unicodeScalars {
      switch scalar {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&apos;"
      case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
      case "\u{0}"..<"\u{20}", "\u{FFFE}", "\u{FFFF}": escaped += "\u{FFFD}"
      default: escaped.unicodeScalars.append(scalar)
      }
    }
    return escaped
  }
}

/// A pixel coordinate, to a hundredth of a pixel.
func svgNumber(_ value: Double) -> String {
  decimalText(value, digits: 2)
}
