// libFuzzer entry point: NumPy .npy event files (EventData's NumpyArray, the reader behind
// EventTable.load for .npy). Compiled into the EventData module with Support/EventDataFuzzing.swift.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNumpyReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    EventDataFuzzing.readNumpy(Data(bytes: data, count: size))
    return 0
}
