import GSL

/// The factorised matrix M + λI for a ``ScaledHessian`` M and a shift λ ≥ 0, as the
/// trust-region subproblem needs it; the initialiser fails when M + λI is not positive definite.
///
/// A dense M has one Cholesky factor. A block-arrowhead M is factorised by block elimination
/// (Golub & Van Loan, *Matrix Computations*, §4.5): each bin block's M_kk + λI is factorised, the
/// couplings are eliminated, X_k = (M_kk + λI)⁻¹ M_kG, and only the Schur complement
/// S = M_GG + λI − Σ_k M_kGᵀ X_k over the global parameters is factorised densely. M + λI is
/// positive definite exactly when every block and S are.
struct ShiftedHessianFactor {
    private let globalPositions: [Int]
    private let blocks: [Block]
    /// Cholesky factor of S (of M + λI itself when there are no blocks).
    private let globalFactor: CholeskyFactor
    let dimension: Int

    private struct Block {
        let positions: [Int]
        let factor: LocalFactor
        /// X_k, row-major (m × g).
        let eliminated: [Double]
    }

    init?(_ matrix: ScaledHessian, shift lambda: Double) {
        dimension = matrix.dimension
        let g = matrix.globalPositions.count
        var schur = matrix.globalBlock
        for u in 0..<g { schur[u * g + u] += lambda }
        var blocks: [Block] = []
        blocks.reserveCapacity(matrix.blocks.count)
        for block in matrix.blocks {
            guard let factor = LocalFactor(block.local, size: block.positions.count, shift: lambda) else { return nil }
            blocks.append(Block(positions: block.positions, factor: factor, eliminated: factor.solveColumns(block.coupling, columns: g)))
        }
        if !blocks.isEmpty {
            // S −= Σ_k M_kGᵀ X_k, as one product of the stacked couplings and eliminations.
            let coupling = matrix.blocks.flatMap(\.coupling), eliminated = blocks.flatMap(\.eliminated)
            let rows = coupling.count / max(g, 1)
            let correction = BLAS.product(coupling, rows: rows, columns: g, transposingA: true, times: eliminated, rows: rows, columns: g)
            for k in schur.indices { schur[k] -= correction[k] }
        }
        var schurMatrix = Matrix(rows: g, columns: g)
        schurMatrix.elements = schur
        guard let factor = CholeskyFactor(schurMatrix) else { return nil }
        globalPositions = matrix.globalPositions
        self.blocks = blocks
        globalFactor = factor
    }

    /// x = (M + λI)⁻¹ r (aligned with `inner`): x_G = S⁻¹ (r_G − Σ_k X_kᵀ r_k), then
    /// x_k = (M_kk + λI)⁻¹ r_k − X_k x_G.
    func solve(_ r: [Double]) -> [Double] {
        precondition(r.count == dimension, "right-hand side of length \(r.count) for \(dimension) parameters")
        let g = globalPositions.count
        var reduced = globalPositions.map { r[$0] }
        for block in blocks {
            for (row, a) in block.positions.enumerated() where r[a] != 0 {
                for v in 0..<g { reduced[v] -= block.eliminated[row * g + v] * r[a] }
            }
        }
        let global = globalFactor.solve(reduced)
        var x = [Double](repeating: 0, count: dimension)
        for (v, a) in globalPositions.enumerated() { x[a] = global[v] }
        for block in blocks {
            let solved = block.factor.solve(block.positions.map { r[$0] })
            for (row, a) in block.positions.enumerated() {
                var value = solved[row]
                for v in 0..<g { value -= block.eliminated[row * g + v] * global[v] }
                x[a] = value
            }
        }
        return x
    }

    /// (M + λI)⁻¹ (rows and columns aligned with `inner`). In block form, with S⁻¹ the inverse of
    /// the Schur complement: [·]_GG = S⁻¹, [·]_kG = −X_k S⁻¹ and [·]_kl = δ_kl (M_kk + λI)⁻¹ + X_k S⁻¹ X_lᵀ.
    func inverse() -> Matrix {
        let g = globalPositions.count
        let globalInverse = globalFactor.inverse()
        var result = Matrix(rows: dimension, columns: dimension)
        for (u, a) in globalPositions.enumerated() { for (v, b) in globalPositions.enumerated() { result[a, b] = globalInverse[u, v] } }
        guard !blocks.isEmpty else { return result }
        let localPositions = blocks.flatMap(\.positions)
        let stacked = blocks.flatMap(\.eliminated)
        let l = localPositions.count
        // Y = X S⁻¹ (l × g), then X S⁻¹ Xᵀ = Y Xᵀ (l × l).
        let y = BLAS.product(stacked, rows: l, columns: g, times: globalInverse.elements, rows: g, columns: g)
        let yx = BLAS.product(y, rows: l, columns: g, times: stacked, rows: l, columns: g, transposingB: true)
        for (r, a) in localPositions.enumerated() {
            for (u, b) in globalPositions.enumerated() {
                result[a, b] = -y[r * g + u]
                result[b, a] = -y[r * g + u]
            }
            for (c, b) in localPositions.enumerated() { result[a, b] = yx[r * l + c] }
        }
        for block in blocks {
            let local = block.factor.inverse()
            let m = block.positions.count
            for r in 0..<m {
                for c in 0..<m { result[block.positions[r], block.positions[c]] += local[r * m + c] }
            }
        }
        return result
    }
}

/// The factor of one bin block M_kk + λI: a reciprocal for the usual one-parameter block,
/// GSL's Cholesky factor otherwise.
private enum LocalFactor {
    case scalar(reciprocal: Double)
    case cholesky(CholeskyFactor)

    init?(_ local: [Double], size m: Int, shift lambda: Double) {
        if m == 1 {
            let value = local[0] + lambda
            guard value > 0 else { return nil }
            self = .scalar(reciprocal: 1 / value)
            return
        }
        var matrix = Matrix(rows: m, columns: m)
        matrix.elements = local
        for i in 0..<m { matrix[i, i] += lambda }
        guard let factor = CholeskyFactor(matrix) else { return nil }
        self = .cholesky(factor)
    }

    func solve(_ r: [Double]) -> [Double] {
        switch self {
        case let .scalar(reciprocal): return [r[0] * reciprocal]
        case let .cholesky(factor): return factor.solve(r)
        }
    }

    /// The solution for each column of a row-major m × columns matrix, in the same layout.
    func solveColumns(_ b: [Double], columns: Int) -> [Double] {
        switch self {
        case let .scalar(reciprocal):
            return b.map { $0 * reciprocal }
        case let .cholesky(factor):
            let m = factor.dimension
            var result = [Double](repeating: 0, count: b.count)
            for v in 0..<columns {
                let column = (0..<m).map { b[$0 * columns + v] }
                guard column.contains(where: { $0 != 0 }) else { continue }
                for (r, value) in factor.solve(column).enumerated() { result[r * columns + v] = value }
            }
            return result
        }
    }

    /// (M_kk + λI)⁻¹, row-major.
    func inverse() -> [Double] {
        switch self {
        case let .scalar(reciprocal): return [reciprocal]
        case let .cholesky(factor): return factor.inverse().elements
        }
    }
}
