// libFuzzer entry point: an RFC 6902 JSON Patch (a JSON array) or a pyhf PatchSet (a JSON
// object), read, applied to a small background workspace, and the result decoded as a workspace;
// for a patch set, the digest check and every patch. Compiled by Fuzz/build.sh into the
// HistFactory module. A thrown Swift error is the expected answer to bad input; a trap,
// precondition failure or sanitizer report is a finding.
import Foundation

private let background = try! JSONDocument(parsing: Array("""
    {"channels": [{"name": "SR", "samples": [{"name": "bkg", "data": [50.0, 20.0], "modifiers": [
      {"name": "uncorr", "type": "shapesys", "data": [5.0, 2.0]}]}]}],
     "observations": [{"name": "SR", "data": [55, 22]}],
     "measurements": [{"name": "m", "config": {"poi": "mu", "parameters": []}}], "version": "1.0.0"}
    """.utf8))

private func applyAndDecode(_ patch: JSONPatch) {
    guard let patched = try? patch.apply(to: background) else { return }
    _ = try? Workspace.decode(patched, origin: "fuzz")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPatchReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let document = try? JSONDocument(parsing: UnsafeBufferPointer(start: data, count: size)) else { return 0 }
    if case .object = document {
        guard let set = try? PatchSet(document: document, source: "fuzz") else { return 0 }
        _ = try? set.verify(background: background, named: "background")
        for patch in set.patches.prefix(8) { applyAndDecode(patch.patch) }
    } else if let patch = try? JSONPatch(document: document, source: "fuzz") {
        applyAndDecode(patch)
    }
    return 0
}
