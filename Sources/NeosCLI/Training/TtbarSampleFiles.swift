import Foundation

/// The event files of a ttbar sample directory, whose contents identify the inputs of a sharded
/// `ttbar` or `design --benchmark ttbar` run.
enum TtbarSampleFiles {
    /// The regular files in `directory`, sorted by name (none when it cannot be read: loading the
    /// sample reports that).
    static func paths(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { URL(fileURLWithPath: directory).appendingPathComponent($0).path }
    }
}
