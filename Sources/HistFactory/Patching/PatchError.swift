/// A problem with a JSON Patch, a PatchSet or their application, naming the place: the patch
/// (`patch.X.json`, or `patchset.json[NAME]` for one patch of a PatchSet), then the operation
/// and its pointer or the JSON path inside the file, then what was wrong:
/// `patch.X.json: operation 3 (replace /channels/0/samples/9): no such array element (the array has 6)`.
public struct PatchError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The patch file, or `file[NAME]` for a patch of a PatchSet.
    public var source: String
    /// Where in it: `operation 3 (replace /a/b)` (operations are counted from 0, as JSON
    /// array elements are), `at patches[2].metadata.values`, or empty for the file as a whole.
    public var location: String
    /// What was wrong and what was expected.
    public var message: String

    public init(source: String, at location: String = "", _ message: String) {
        self.source = source
        self.location = location
        self.message = message
    }

    public var description: String {
        location.isEmpty ? "\(source): \(message)" : "\(source): \(location): \(message)"
    }
}
