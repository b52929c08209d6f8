import GSL

/// The Fisher information of the Asimov likelihood at an expansion point θ_A and what follows
/// from it: on Asimov data n = ν(θ_A),
/// I_ij = Σ_b ∂_iν_b ∂_jν_b / ν_b + constraint terms (1/σ² Gaussian, τ/γ² → τ Poisson),
/// which is the Hessian of −log L there. INFERNO's loss is σ_μ² = [I⁻¹]_μμ over the free
/// parameters (de Castro & Dorigo, arXiv:1806.04743).
public struct FisherInformation: Sendable {
    /// Names of the free parameters, the rows and columns of the matrices.
    public var parameterNames: [String]
    public var information: Matrix
    public var covariance: Matrix
    /// Index of the POI among `parameterNames`.
    public var poiIndex: Int?

    /// σ_μ = √[I⁻¹]_μμ.
    public var poiUncertainty: Double? { poiIndex.map { covariance[$0, $0].squareRoot() } }
}

extension Model {
    /// The Fisher information over the non-fixed parameters at `parameters` (default: the
    /// suggested inits), on the Asimov data of that point.
    /// - Throws: ``WorkspaceError`` naming the parameter the data cannot constrain when I is singular.
    public func fisherInformation(at parameters: [Double]? = nil, fixed: [Bool]? = nil) throws -> FisherInformation {
        let theta = parameters ?? suggestedInit
        let fixed = fixed ?? suggestedFixed
        let free = (0..<parameterCount).filter { !fixed[$0] }
        let full = negativeLogLikelihood(theta, data: expectedData(theta), order: 2).hessian!
        let information = full.submatrix(keeping: free)
        let names = free.map { parameterNames[$0] }
        guard information.elements.allSatisfy(\.isFinite) else {
            throw WorkspaceError(at: "parameters \(theta)", "the Fisher information is not finite there (a bin with non-positive expected yield?)")
        }
        guard let covariance = try? information.choleskyInverse() else {
            throw WorkspaceError(at: "parameter '\(Self.leastConstrained(information, names: names))'",
                                 "the Fisher information is singular: the Asimov data and constraints do not constrain this parameter (fix it or add a constraint)")
        }
        return FisherInformation(
            parameterNames: names, information: information, covariance: covariance,
            poiIndex: free.firstIndex(of: poiIndex)
        )
    }

    /// The parameter with the largest weight in the eigenvector of the smallest eigenvalue.
    static func leastConstrained(_ information: Matrix, names: [String]) -> String {
        let (_, vectors) = information.symmetricEigen()
        let weights = (0..<vectors.rows).map { abs(vectors[$0, 0]) }
        return names[weights.indices.max { weights[$0] < weights[$1] }!]
    }
}
