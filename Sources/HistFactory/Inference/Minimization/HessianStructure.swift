/// Which parameters of a model couple to one main bin only (the staterror and shapesys
/// parameters, one per bin): their rows of the Hessian of −log L are zero except on the *global*
/// parameters and on the other bin-local parameters of the same bin, so the Hessian is
/// block-arrowhead,
///
///     H = ⎡ D  B ⎤   D = diag(D₁ … D_K): one small block per bin,
///         ⎣ Bᵀ G ⎦   G: the global parameters (POI, normfactors, shared systematics),
///
/// and H x = r is solved through the Schur complement S = G − Σ_k B_kᵀ D_k⁻¹ B_k in
/// O(K·g² + g³) operations instead of O((K + g)³) (Golub & Van Loan, *Matrix Computations*, §4.5
/// on block elimination).
struct HessianStructure: Sendable {
    /// For each parameter, the index of its bin-local block, or nil for a global parameter.
    let blockOfParameter: [Int?]

    /// The structure of `model`'s likelihood: a parameter is bin-local when every template entry
    /// it enters lies in the same main bin (its constraint term, if any, is diagonal).
    init(model: Model) {
        let plan = model.plan
        var onlyBin = [Int?](repeating: nil, count: model.parameterCount)
        var isGlobal = [Bool](repeating: false, count: model.parameterCount)
        isGlobal[model.poiIndex] = true
        for bin in 0..<model.mainBinCount {
            for cell in plan.binCellStart[bin]..<plan.binCellStart[bin + 1] {
                let terms = plan.factors[plan.cellFactorStart[cell]..<plan.cellFactorStart[cell + 1]]
                    + plan.deltas[plan.cellDeltaStart[cell]..<plan.cellDeltaStart[cell + 1]]
                for term in terms where !isGlobal[term.parameter] {
                    if let seen = onlyBin[term.parameter], seen != bin {
                        isGlobal[term.parameter] = true
                    } else {
                        onlyBin[term.parameter] = bin
                    }
                }
            }
        }
        // Parameters that enter no bin (only their constraint) form blocks of their own.
        var nextLoneBlock = model.mainBinCount
        blockOfParameter = (0..<model.parameterCount).map { i in
            if isGlobal[i] { return nil }
            if let bin = onlyBin[i] { return bin }
            defer { nextLoneBlock += 1 }
            return nextLoneBlock
        }
    }

    /// Whether block elimination pays off for the parameters `inner`: many bin-local parameters,
    /// and more of them than global ones.
    func isWorthUsing(for inner: [Int]) -> Bool {
        let local = inner.reduce(0) { $0 + (blockOfParameter[$1] == nil ? 0 : 1) }
        return local >= 64 && local >= inner.count - local
    }
}
