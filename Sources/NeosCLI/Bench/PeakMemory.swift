import Foundation

/// The peak resident set size of this process so far (`getrusage`, `ru_maxrss`, in kilobytes on
/// Linux).
enum PeakMemory {
    static func residentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
