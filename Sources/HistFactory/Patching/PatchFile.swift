/// A file given as a patch, told apart by its top-level value: an RFC 6902 JSON Patch is an
/// array of operations, a pyhf PatchSet an object. Lets a caller take either where a user names
/// "a patch" (as `--patch` does).
public enum PatchFile: Sendable {
    case jsonPatch(JSONPatch)
    case patchSet(PatchSet)

    /// Reads and checks the file at `path` as whichever of the two it is.
    public static func load(from path: String) throws -> PatchFile {
        let document: JSONDocument
        do {
            document = try JSONDocument(contentsOfFile: path)
        } catch let error as JSONReadError {
            throw PatchError(source: path, error.message)
        }
        if case .object = document {
            return .patchSet(try PatchSet(document: document, source: path))
        }
        return .jsonPatch(try JSONPatch(document: document, source: path))
    }
}
