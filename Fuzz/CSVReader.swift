// libFuzzer entry point: CSV event files (EventData's CSVTable.parse, the reader behind
// EventTable.load for .csv). Compiled into the EventData module with Support/EventDataFuzzing.swift.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    EventDataFuzzing.readCSV(Data(bytes: data, count: size))
    return 0
}
