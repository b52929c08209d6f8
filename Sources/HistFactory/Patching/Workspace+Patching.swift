import Foundation

/// Published likelihoods come as a background-only workspace and signal patches (pyhf
/// PatchSets or plain JSON Patch files): the workspace a model is built from is the
/// background with the patches applied in order.
extension Workspace {
    /// Reads the workspace JSON at `path`, applies `patches` in order, then decodes and validates
    /// the result. A problem in the patched workspace names the chain as its file,
    /// `BkgOnly.json + patch.X.json: at channels[0].samples[5].data[0]: …`; a failing operation
    /// names its patch. Without patches this is ``load(from:)``.
    public static func load(from path: String, patches: [JSONPatch]) throws -> Workspace {
        guard !patches.isEmpty else { return try load(from: path) }
        var document = try readDocument(from: path)
        for patch in patches {
            document = try patch.apply(to: document)
        }
        return try decode(document, origin: origin(of: path, patches: patches))
    }

    /// How messages name a patched workspace: `BkgOnly.json + patch.X.json`.
    public static func origin(of path: String, patches: [JSONPatch]) -> String {
        ([path] + patches.map(\.source)).joined(separator: " + ")
    }

    /// Decodes and validates a workspace document; errors name `origin` as their file.
    public static func decode(_ document: JSONDocument, origin: String) throws -> Workspace {
        do {
            return try decode(Data(document.pythonText().utf8))
        } catch let error as WorkspaceError {
            throw error.inFile(origin)
        }
    }

    /// The JSON document of the workspace file at `path`, unchecked, as patches and digests see
    /// it; a missing, unreadable or malformed file is a ``WorkspaceError`` naming it.
    public static func readDocument(from path: String) throws -> JSONDocument {
        do {
            return try JSONDocument(contentsOfFile: path)
        } catch let error as JSONReadError {
            throw WorkspaceError(file: path, at: "", error.message)
        }
    }
}
