/// A problem with an event file, naming the file and, where it applies, the line or row and the
/// column: `"qcd__nominal.csv: line 12, column 'met': 'abc' is not a number"`.
public struct EventFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var file: String
    /// Where in the file: "line 12" (CSV, counting the header as line 1) or "row 12" (NumPy).
    public var location: String?
    public var column: String?
    public var message: String

    public init(file: String, location: String? = nil, column: String? = nil, _ message: String) {
        self.file = file
        self.location = location
        self.column = column
        self.message = message
    }

    public var description: String {
        let place = [location, column.map { "column '\($0)'" }].compactMap { $0 }.joined(separator: ", ")
        return place.isEmpty ? "\(file): \(message)" : "\(file): \(place): \(message)"
    }
}
