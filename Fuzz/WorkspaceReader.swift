// libFuzzer entry point: a pyhf JSON workspace, then the model built from each of its measurements
// and one log-likelihood at the suggested init with the observed data (main + auxiliary).
//
// Compiled by Fuzz/build.sh into the HistFactory module itself (not a client of it), so that
// internal API is reachable. A thrown Swift error is the expected answer to bad input; a trap,
// precondition failure or sanitizer report is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWorkspaceReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let workspace = try? Workspace.decode(bytes) else { return 0 }
    // The interpolation codes come from the input length, so that padding the JSON with
    // whitespace reaches every pair of codes (5 × 5) without changing what it means.
    let codes = InterpolationCode.allCases
    let interpolation = InterpolationCodes(normsys: codes[size % codes.count], histosys: codes[(size / codes.count) % codes.count])
    for measurement in workspace.measurements.prefix(4) {
        guard let model = try? Model(workspace: workspace, measurement: measurement.name, interpolationCodes: interpolation),
              let observed = try? workspace.observedMainData(channelOrder: model.channels.map(\.name))
        else { continue }
        _ = model.logpdf(model.suggestedInit, data: observed + model.auxdata)
    }
    return 0
}
