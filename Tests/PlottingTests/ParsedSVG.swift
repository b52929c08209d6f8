import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of an SVG document as read back by Foundation's XML parser.
final class ParsedElement {
  let name: String
  let attributes: [String: String]
  var text = ""
  var children: [ParsedElement] = []

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  /// This element and all its descendants, in document order.
  var all: [ParsedElement] { [self] + children.flatMap(\.all) }

  /// Descendants (or self) with the given tag name and, if given, class.
  func elements(_ name: String, class className: String? = nil) -> [ParsedElement] {
    all.filter { $0.name == name && (className == nil || $0.attributes["class"] == className) }
  }
}

/// Parses `svg` with `XMLParser`, returning the root element, or `nil` if the document is not well-formed XML.
func parseSVG(_ svg: String) -> ParsedElement? {
  let builder = TreeBuilder()
  let parser = XMLParser(data: Data(svg.utf8))
  parser.delegate = builder
  guard parser.parse() else { return nil }
  return builder.root
}

/// Numbers in SVG path data `d`, as (x, y) pairs per subpath.
func subpaths(_ d: String) -> [[(x: Double, y: Double)]] {
  d.split(separator: "M").map { subpath in
    let numbers = subpath.split(whereSeparator: { " ,LZ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
  }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
  var root: ParsedElement?
  private var stack: [ParsedElement] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    let element = ParsedElement(name: elementName, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(element) } else { root = element }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    stack.removeLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }
}
