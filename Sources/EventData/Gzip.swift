import CZlib
import Foundation

/// gzip (RFC 1952) and zlib (RFC 1950) decompression with zlib's `inflate`.
enum Gzip {
    /// True when `bytes` start with the gzip magic number 1f 8b.
    static func isCompressed(_ bytes: Data) -> Bool {
        bytes.count >= 2 && bytes[bytes.startIndex] == 0x1f && bytes[bytes.startIndex + 1] == 0x8b
    }

    /// The decompressed contents of every member of a gzip stream (concatenated members, as
    /// `cat a.gz b.gz` makes, decompress to the concatenated contents).
    static func decompress(_ compressed: Data, file: String) throws -> Data {
        var output = Data()
        var stream = z_stream()
        guard neos_inflate_init_gzip(&stream) == Z_OK else {
            throw EventFileError(file: file, "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        let chunkSize = 1 << 18
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        try compressed.withUnsafeBytes { (input: UnsafeRawBufferPointer) in
            guard let base = input.bindMemory(to: Bytef.self).baseAddress else { return }
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = uInt(input.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(chunkSize)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunkSize - Int(stream.avail_out))])
                switch status {
                case Z_STREAM_END:
                    guard stream.avail_in > 0 else { return }
                    inflateReset(&stream)  // another gzip member follows
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw EventFileError(file: file, "the gzip stream is truncated")
                default:
                    let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw EventFileError(file: file, "not a valid gzip file (\(reason))")
                }
            }
        }
        return output
    }
}
