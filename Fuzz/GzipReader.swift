// libFuzzer entry point: gzip-compressed event files (EventData's Gzip, behind EventTable.load for
// .csv.gz and .npy.gz). Whatever decompresses is handed on as EventTable.load hands it on: to the
// NumPy reader when it starts with the .npy magic, else to the CSV reader.
// Compiled into the EventData module with Support/EventDataFuzzing.swift.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzipReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    _ = Gzip.isCompressed(bytes)
    // Gzip.decompress also takes zlib streams and is called on anything here, not only on
    // bytes with the gzip magic (as EventTable.load does), to reach the zlib-header path too.
    guard let plain = try? Gzip.decompress(bytes, file: "fuzz.gz") else { return 0 }
    if plain.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) {
        EventDataFuzzing.readNumpy(plain)
    } else {
        EventDataFuzzing.readCSV(plain)
    }
    return 0
}
