/// A problem with a workspace or with what a caller asked of a model, naming the place:
/// the file, the JSON path (as `channels[0].samples[1].data[3]`) or the parameter.
public struct WorkspaceError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the workspace came from, when known.
    public var file: String?
    /// Where in the document or model the problem sits (JSON path or parameter name).
    public var location: String
    /// What was wrong and what was expected.
    public var message: String

    public init(file: String? = nil, at location: String, _ message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if !location.isEmpty { text += "at \(location): " }
        return text + message
    }

    /// The same error, attributed to `file`.
    public func inFile(_ file: String) -> WorkspaceError {
        var copy = self
        copy.file = file
        return copy
    }
}
