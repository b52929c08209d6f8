import Foundation

/// A progress bar on standard error: redrawn in place on a terminal, one line per tenth of the
/// work otherwise (so logs of long runs stay readable). Safe to call from several threads.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) != 0
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastDecile = -1
    private let enabled: Bool

    init(label: String, enabled: Bool = true) {
        self.label = label
        self.enabled = enabled
    }

    /// Shows `fraction` (0…1) of the work done, with a short status such as the current loss.
    func update(fraction: Double, status: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let decile = Int(fraction * 10)
        if isTerminal {
            guard now.timeIntervalSince(lastDraw) > 0.1 || fraction >= 1 else { return }
            lastDraw = now
            let width = 30, filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) \(bar) \(Int(fraction * 100))% \(status) \(eta(fraction, now))\u{1B}[K".utf8))
        } else if decile > lastDecile {
            lastDecile = decile
            FileHandle.standardError.write(Data("\(label): \(decile * 10)% \(status) \(eta(fraction, now))\n".utf8))
        }
    }

    /// Ends the bar's line.
    func finish() {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func eta(_ fraction: Double, _ now: Date) -> String {
        let elapsed = now.timeIntervalSince(start)
        guard fraction > 0.01 else { return "" }
        let remaining = elapsed * (1 - fraction) / fraction
        return remaining < 1 ? "" : "ETA \(Int(remaining / 60))m\(String(format: "%02d", Int(remaining) % 60))s"
    }
}
