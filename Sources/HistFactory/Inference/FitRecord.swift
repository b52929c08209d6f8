/// A fit made on the way to an inference result, named for the report when it did not converge
/// (e.g. "fit of mu = 1 to the Asimov data").
public struct FitRecord: Sendable {
    public var name: String
    public var status: FitStatus

    public init(name: String, status: FitStatus) {
        self.name = name
        self.status = status
    }
}

extension Array where Element == FitRecord {
    /// The records whose fit did not converge.
    public var unconverged: [FitRecord] { filter { !$0.status.converged } }
}
