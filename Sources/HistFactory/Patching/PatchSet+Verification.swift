extension PatchSet {
    /// Checks that `background` is the background-only workspace the set was made for, as
    /// `pyhf.patchset.PatchSet.verify` does, by its sha256 digest; returns the digest.
    /// `backgroundName` names the workspace in the message of a mismatch, which gives the
    /// recorded and the computed digest. A set that records only an md5 digest cannot be checked.
    @discardableResult
    public func verify(background: JSONDocument, named backgroundName: String) throws -> String {
        guard let expected = digests["sha256"] else {
            throw PatchError(source: source, at: "at metadata.digests",
                             "no sha256 digest to check \(backgroundName) against (only \(digests.keys.sorted().joined(separator: ", ")))")
        }
        let found = background.pyhfSHA256
        guard found == expected.lowercased() else {
            throw PatchError(
                source: source,
                "\(backgroundName) is not the background-only workspace this patch set was made for: "
                    + "expected sha256 \(expected) (metadata.digests), found \(found)"
            )
        }
        return found
    }
}
