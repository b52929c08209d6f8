import GSL

/// The factorised matrix M = D⁻¹ H D⁻¹ + λ I restricted to the parameters `inner`: the Hessian of
/// −log L in the scaled variables y = D θ (D = diag(d), d_i > 0), shifted by λ ≥ 0 as the
/// trust-region subproblem needs. Nil-returning initialisers mean M is not positive definite.
///
/// Without a structure M has one dense Cholesky factor; with one (see ``HessianStructure``),
/// the bin blocks are eliminated first and only the Schur complement over the global parameters
/// is factorised densely.
struct ShiftedHessianFactor {
    /// Positions (into `inner`) of the global parameters, and of each bin block's parameters.
    private let globalPositions: [Int]
    private let blocks: [Block]
    /// Cholesky factor of M over `globalPositions` (dense path), or of the Schur complement
    /// S = M_GG − Σ_k M_kGᵀ M_kk⁻¹ M_kG (block path).
    private let globalFactor: CholeskyFactor
    let dimension: Int

    private struct Block {
        let positions: [Int]
        let factor: CholeskyFactor
        /// X_k = M_kk⁻¹ M_kG, row-major (positions.count × global count).
        let eliminated: [Double]
    }

    init?(hessian: Matrix, scale d: [Double], inner: [Int], shift lambda: Double, structure: HessianStructure?) {
        dimension = inner.count
        func element(_ a: Int, _ b: Int) -> Double {
            let (i, j) = (inner[a], inner[b])
            return hessian[i, j] / (d[i] * d[j]) + (a == b ? lambda : 0)
        }
        guard let structure else {
            var dense = Matrix(rows: inner.count, columns: inner.count)
            for a in inner.indices { for b in inner.indices { dense[a, b] = element(a, b) } }
            guard let factor = CholeskyFactor(dense) else { return nil }
            globalPositions = Array(inner.indices)
            blocks = []
            globalFactor = factor
            return
        }
        var globals: [Int] = []
        var positionsOfBlock: [Int: [Int]] = [:]
        for (a, i) in inner.enumerated() {
            if let block = structure.blockOfParameter[i] { positionsOfBlock[block, default: []].append(a) } else { globals.append(a) }
        }
        let g = globals.count
        var schur = Matrix(rows: g, columns: g)
        for (u, a) in globals.enumerated() { for (v, b) in globals.enumerated() { schur[u, v] = element(a, b) } }
        var blocks: [Block] = []
        for block in positionsOfBlock.keys.sorted() {
            let positions = positionsOfBlock[block]!
            let m = positions.count
            var local = Matrix(rows: m, columns: m)
            for (r, a) in positions.enumerated() { for (c, b) in positions.enumerated() { local[r, c] = element(a, b) } }
            guard let factor = CholeskyFactor(local) else { return nil }
            // Columns of M_kG, solved column by column: X_k = M_kk⁻¹ M_kG.
            var coupling = [Double](repeating: 0, count: m * g)
            var eliminated = [Double](repeating: 0, count: m * g)
            for (v, b) in globals.enumerated() {
                let column = positions.map { element($0, b) }
                guard column.contains(where: { $0 != 0 }) else { continue }
                let solved = factor.solve(column)
                for r in 0..<m {
                    coupling[r * g + v] = column[r]
                    eliminated[r * g + v] = solved[r]
                }
            }
            // S −= M_kGᵀ X_k.
            for u in 0..<g {
                for r in 0..<m where coupling[r * g + u] != 0 {
                    let c = coupling[r * g + u]
                    for v in 0..<g { schur[u, v] -= c * eliminated[r * g + v] }
                }
            }
            blocks.append(Block(positions: positions, factor: factor, eliminated: eliminated))
        }
        guard let factor = CholeskyFactor(schur) else { return nil }
        globalPositions = globals
        self.blocks = blocks
        globalFactor = factor
    }

    /// x = M⁻¹ r (aligned with `inner`).
    func solve(_ r: [Double]) -> [Double] {
        precondition(r.count == dimension, "right-hand side of length \(r.count) for \(dimension) parameters")
        let g = globalPositions.count
        var reduced = globalPositions.map { r[$0] }
        var localSolutions: [[Double]] = []
        for block in blocks {
            let solved = block.factor.solve(block.positions.map { r[$0] })
            // r_G − Σ_k X_kᵀ r_k (X_kᵀ r_k = M_kGᵀ M_kk⁻¹ r_k).
            let local = block.positions.map { r[$0] }
            for (row, value) in local.enumerated() where value != 0 {
                for v in 0..<g { reduced[v] -= block.eliminated[row * g + v] * value }
            }
            localSolutions.append(solved)
        }
        let global = globalFactor.solve(reduced)
        var x = [Double](repeating: 0, count: dimension)
        for (v, a) in globalPositions.enumerated() { x[a] = global[v] }
        for (block, solved) in zip(blocks, localSolutions) {
            // x_k = M_kk⁻¹ r_k − X_k x_G.
            for (row, a) in block.positions.enumerated() {
                var value = solved[row]
                for v in 0..<g { value -= block.eliminated[row * g + v] * global[v] }
                x[a] = value
            }
        }
        return x
    }

    /// M⁻¹ (rows and columns aligned with `inner`). In block form, with S⁻¹ the inverse of the
    /// Schur complement: [M⁻¹]_GG = S⁻¹, [M⁻¹]_kG = −X_k S⁻¹ and
    /// [M⁻¹]_kl = δ_kl M_kk⁻¹ + X_k S⁻¹ X_lᵀ.
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
            for r in block.positions.indices {
                for c in block.positions.indices { result[block.positions[r], block.positions[c]] += local[r, c] }
            }
        }
        return result
    }
}
