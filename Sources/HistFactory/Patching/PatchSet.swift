/// A pyhf PatchSet (schema 1.0.0, `defs.json#/definitions/patchset` of pyhf): the signal
/// hypotheses of a published likelihood as named JSON Patches to one background-only workspace,
/// with the sha256 digest of that workspace so that a patch is applied to the file it was made
/// for (see ``verify(background:named:)``).
///
/// Reading checks what pyhf's schema and `pyhf.patchset.PatchSet` check: `version` "1.0.0";
/// `metadata` with a `description`, `digests` (md5 and/or sha256 in hex), at least one label and
/// `references`; at least one patch, each with a `name` of letters, digits and `_`, one value
/// (number or string) per label, and a JSON Patch; no two patches with the same name or values.
public struct PatchSet: Sendable {
    public struct Patch: Sendable {
        public var name: String
        /// One per label of the set: the point of the signal grid, e.g. [100.0, 20.0].
        public var values: [JSONDocument]
        public var patch: JSONPatch
    }

    /// The file the set came from, as messages name it.
    public var source: String
    /// `metadata.name`: not in pyhf's schema, but commonly written.
    public var name: String?
    public var description: String
    /// Hash algorithm (`sha256`, `md5`) → hexadecimal digest of the background-only workspace.
    public var digests: [String: String]
    /// The names of the dimensions of the signal grid, e.g. ["m_C1N2", "m_N1"].
    public var labels: [String]
    /// Where the likelihood is published, e.g. ["hepdata": "ins1866951"].
    public var references: [String: String]
    public var version: String
    public var patches: [Patch]

    /// Reads the PatchSet file at `path`.
    public static func load(from path: String) throws -> PatchSet {
        do {
            return try PatchSet(document: try JSONDocument(contentsOfFile: path), source: path)
        } catch let error as JSONReadError {
            throw PatchError(source: path, error.message)
        }
    }

    /// Reads and checks a PatchSet document; `source` names it in messages.
    public init(document: JSONDocument, source: String) throws {
        let reader = PatchSetReader(source: source)
        guard case .object = document else {
            throw PatchError(source: source, "expected a pyhf PatchSet (an object with metadata, patches and version), found \(document.kindDescription)")
        }
        self.source = source
        self.version = try reader.string(document, "version", at: "")
        guard version == "1.0.0" else {
            throw PatchError(source: source, at: "at version", "unsupported PatchSet version '\(version)' (expected \"1.0.0\")")
        }
        let metadata = try reader.member(document, "metadata", at: "")
        self.name = try metadata["name"].map { _ in try reader.string(metadata, "name", at: "metadata") }
        self.description = try reader.string(metadata, "description", at: "metadata")
        self.digests = try reader.stringMembers(metadata, "digests", at: "metadata")
        for (algorithm, digest) in digests {
            let length = ["md5": 32, "sha256": 64][algorithm]
            guard let length else {
                throw PatchError(source: source, at: "at metadata.digests.\(algorithm)", "unknown digest algorithm (pyhf's schema allows md5 and sha256)")
            }
            guard digest.count == length, digest.allSatisfy(\.isHexDigit) else {
                throw PatchError(source: source, at: "at metadata.digests.\(algorithm)", "expected \(length) hexadecimal digits, found '\(digest)'")
            }
        }
        self.labels = try reader.strings(metadata, "labels", at: "metadata")
        self.references = try reader.stringMembers(metadata, "references", at: "metadata")

        let patchList = try reader.array(document, "patches", at: "")
        var patches: [Patch] = []
        for (index, entry) in patchList.enumerated() {
            let place = "patches[\(index)]"
            let patchMetadata = try reader.member(entry, "metadata", at: place)
            let name = try reader.string(patchMetadata, "name", at: "\(place).metadata")
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }) else {
                throw PatchError(source: source, at: "at \(place).metadata.name", "a patch name has only letters, digits and '_', found '\(name)'")
            }
            let values = try reader.array(patchMetadata, "values", at: "\(place).metadata")
            for (v, value) in values.enumerated() {
                switch value {
                case .integer, .float, .string: continue
                default:
                    throw PatchError(source: source, at: "at \(place).metadata.values[\(v)]", "expected a number or a string, found \(value.kindDescription)")
                }
            }
            guard values.count == labels.count else {
                throw PatchError(source: source, at: "at \(place).metadata.values",
                                 "expected \(labels.count) values (one per label: \(labels.joined(separator: ", "))), found \(values.count)")
            }
            if let earlier = patches.first(where: { $0.name == name }) {
                throw PatchError(source: source, at: "at \(place).metadata.name", "a second patch named '\(earlier.name)'")
            }
            if let earlier = patches.first(where: { $0.values == values }) {
                throw PatchError(source: source, at: "at \(place).metadata.values", "the same values as patch '\(earlier.name)'")
            }
            let operations = try reader.member(entry, "patch", at: place)
            patches.append(Patch(name: name, values: values, patch: try JSONPatch(document: operations, source: "\(source)[\(name)]")))
        }
        guard !patches.isEmpty else {
            throw PatchError(source: source, at: "at patches", "a PatchSet needs at least one patch")
        }
        self.patches = patches
    }

    /// The patch called `name`. An unknown name is an error that suggests the nearest names
    /// (grid points differ by a digit or two, so only the nearest help), or lists the set's
    /// names when none is near.
    public func patch(named name: String) throws -> Patch {
        if let patch = patches.first(where: { $0.name == name }) { return patch }
        let distances = patches.map { editDistance(name.lowercased(), $0.name.lowercased()) }
        let nearest = distances.min() ?? .max
        let close = zip(patches, distances).filter { $1 == nearest && nearest <= max(1, name.count / 4) }.map(\.0.name)
        if !close.isEmpty {
            let listed = close.prefix(5).map { "'\($0)'" }.joined(separator: ", ")
            throw PatchError(source: source, "no patch named '\(name)' (did you mean \(listed)?)")
        }
        throw PatchError(source: source, "no patch named '\(name)' (the set has \(namesSummary))")
    }

    /// The patch names for a message: all of them, or the first 20 and how many more.
    public var namesSummary: String {
        let names = patches.map(\.name)
        let shown = names.prefix(20).joined(separator: ", ")
        return names.count > 20 ? "\(shown), … and \(names.count - 20) more" : shown
    }
}

/// Typed access to members of the PatchSet document, with errors naming the JSON path.
private struct PatchSetReader {
    let source: String

    func member(_ object: JSONDocument, _ key: String, at place: String) throws -> JSONDocument {
        guard case .object = object else {
            throw PatchError(source: source, at: place.isEmpty ? "" : "at \(place)", "expected an object, found \(object.kindDescription)")
        }
        guard let value = object[key] else {
            throw PatchError(source: source, at: place.isEmpty ? "" : "at \(place)", "missing member '\(key)'")
        }
        return value
    }

    func string(_ object: JSONDocument, _ key: String, at place: String) throws -> String {
        let value = try member(object, key, at: place)
        guard let text = value.stringValue else { throw mismatch(key, at: place, "a string", value) }
        return text
    }

    func array(_ object: JSONDocument, _ key: String, at place: String) throws -> [JSONDocument] {
        let value = try member(object, key, at: place)
        guard case let .array(elements) = value else { throw mismatch(key, at: place, "an array", value) }
        return elements
    }

    /// A non-empty array of strings.
    func strings(_ object: JSONDocument, _ key: String, at place: String) throws -> [String] {
        let elements = try array(object, key, at: place)
        guard !elements.isEmpty else {
            throw PatchError(source: source, at: "at \(path(place, key))", "expected at least one entry")
        }
        return try elements.enumerated().map { index, element in
            guard let text = element.stringValue else { throw mismatch("\(key)[\(index)]", at: place, "a string", element) }
            return text
        }
    }

    /// A non-empty object whose members are strings.
    func stringMembers(_ object: JSONDocument, _ key: String, at place: String) throws -> [String: String] {
        let value = try member(object, key, at: place)
        guard case let .object(members) = value else { throw mismatch(key, at: place, "an object", value) }
        guard !members.isEmpty else {
            throw PatchError(source: source, at: "at \(path(place, key))", "expected at least one member")
        }
        return try Dictionary(uniqueKeysWithValues: members.map { member in
            guard let text = member.value.stringValue else { throw mismatch("\(key).\(member.key)", at: place, "a string", member.value) }
            return (member.key, text)
        })
    }

    private func path(_ place: String, _ key: String) -> String {
        place.isEmpty ? key : "\(place).\(key)"
    }

    private func mismatch(_ key: String, at place: String, _ expected: String, _ found: JSONDocument) -> PatchError {
        PatchError(source: source, at: "at \(path(place, key))", "expected \(expected), found \(found.kindDescription)")
    }
}
