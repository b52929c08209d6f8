import CGSL

/// GSL's default error handler aborts the process. Every entry point of this module that can
/// fail calls ``disableAbortingErrorHandler()`` first, so that GSL reports failures by status
/// codes, which the Swift layer turns into thrown errors or flagged results.
func disableAbortingErrorHandler() {
    _ = abortingHandlerDisabled
}

private let abortingHandlerDisabled: Void = {
    _ = gsl_set_error_handler_off()
}()

/// A failure reported by a GSL routine, with GSL's own description of the status code.
public struct GSLError: Error, CustomStringConvertible, Sendable {
    /// The GSL status code (`GSL_EDOM`, `GSL_ESING`, ...).
    public let status: Int32
    /// What the Swift layer was doing when GSL failed.
    public let context: String

    public var description: String {
        let reason = gsl_strerror(status).map { String(cString: $0) } ?? "unknown GSL status \(status)"
        return "\(context): \(reason)"
    }
}
