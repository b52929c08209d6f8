extension JSONDocument {
    /// pyhf's digest of this document (`pyhf.utils.digest`, pyhf 0.7.6): the SHA-256 of the
    /// UTF-8 bytes of `json.dumps(obj, sort_keys=True, ensure_ascii=False)`, in hex. It sees the
    /// JSON as Python reads it: key order and whitespace do not matter, `1` and `1.0` do.
    public var pyhfSHA256: String {
        SHA256.hexDigest(pythonText(sortKeys: true).utf8)
    }
}
