import ArgumentParser
import HistFactory

/// `--allow-unconverged`: whether a result may be printed although a fit behind it did not
/// converge. Without it such a result is withheld and the command exits with status 3.
struct ConvergenceOptions: ParsableArguments {
    @Flag(
        name: .customLong("allow-unconverged"),
        help: ArgumentHelp(
            "Print the result even when a fit behind it did not converge (exit status 0).",
            discussion: "Without it, a result computed from an unconverged fit is not printed: the command names the fit, says why, and exits with status 3."
        )
    )
    var allowUnconverged = false

    /// Throws ``UnconvergedFitError`` naming the unconverged fits among `fits`, unless allowed.
    /// `withheld` names the result that is not printed (e.g. "CLs"); with a `report` instead, the
    /// report is printed with the error (`neos fit` shows the point where the fit stopped).
    func check(_ fits: [FitRecord], withheld: String, report: String? = nil) throws {
        let failed = fits.unconverged
        guard !failed.isEmpty, !allowUnconverged else { return }
        let names = failed.prefix(5).map {
            "\($0.name) (EDM \(Format.number($0.status.edm, digits: 3)) after \($0.status.iterations) iterations and \($0.status.restarts) restarts)"
        }
        let more = failed.count > 5 ? " and \(failed.count - 5) more" : ""
        let consequence = report == nil
            ? "\(withheld) not printed"
            : "\(withheld) above is where it stopped, not a minimum"
        throw UnconvergedFitError(
            report: report,
            description: names.joined(separator: "; ") + more + " did not converge: " + consequence
                + " (--allow-unconverged prints it and exits with status 0)"
        )
    }
}

/// A result withheld because a fit behind it did not converge; `neos` exits with status 3.
struct UnconvergedFitError: Error, CustomStringConvertible {
    /// Text to print on standard output before the error (the fit table of `neos fit`).
    var report: String?
    var description: String

    static let exitStatus: Int32 = 3
}

extension Array where Element == FitRecord {
    /// `{"converged": all converged, "unconverged": [names]}` for `--json`.
    var statusJSON: JSONValue {
        .object([
            "converged": .bool(unconverged.isEmpty),
            "unconverged": .array(unconverged.map { .string($0.name) }),
        ])
    }
}
