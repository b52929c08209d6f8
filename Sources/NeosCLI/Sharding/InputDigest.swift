import Foundation
import HistFactory

/// The SHA-256 of the input files' contents, each preceded by its length, in the given order.
enum InputDigest {
    static func of(_ files: [String]) throws -> String {
        var bytes: [UInt8] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandError("\(file): no such file, or it cannot be read")
            }
            bytes += Array("\(data.count):".utf8) + Array(data)
        }
        return SHA256.hexDigest(bytes)
    }
}
