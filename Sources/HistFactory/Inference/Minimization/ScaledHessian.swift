import GSL

/// M = D⁻¹ H D⁻¹ over the parameters `inner`: the Hessian of −log L in the scaled variables
/// y = D θ (D = diag(d), d_i > 0), gathered once per iteration so that the trust-region
/// subproblem can factorise M + λI for several shifts λ cheaply (``ShiftedHessianFactor``).
///
/// Without a structure M is stored densely; with one (see ``HessianStructure``) it is stored as
/// the block-arrowhead pieces: the global block M_GG, and for each bin block k its diagonal block
/// M_kk and its coupling M_kG to the global parameters.
struct ScaledHessian {
    /// Positions (into `inner`) of the global parameters: all of them without a structure.
    let globalPositions: [Int]
    /// M_GG, row-major (g × g).
    let globalBlock: [Double]
    let blocks: [Block]
    let dimension: Int

    struct Block {
        /// Positions (into `inner`) of the block's parameters.
        let positions: [Int]
        /// M_kk, row-major (m × m).
        let local: [Double]
        /// M_kG, row-major (m × g).
        let coupling: [Double]
    }

    init(hessian: Matrix, scale d: [Double], inner: [Int], structure: HessianStructure?) {
        dimension = inner.count
        func element(_ a: Int, _ b: Int) -> Double {
            let (i, j) = (inner[a], inner[b])
            return hessian[i, j] / (d[i] * d[j])
        }
        var globals: [Int] = []
        var positionsOfBlock: [Int: [Int]] = [:]
        for (a, i) in inner.enumerated() {
            if let block = structure?.blockOfParameter[i] { positionsOfBlock[block, default: []].append(a) } else { globals.append(a) }
        }
        let g = globals.count
        var globalBlock = [Double](repeating: 0, count: g * g)
        for (u, a) in globals.enumerated() { for (v, b) in globals.enumerated() { globalBlock[u * g + v] = element(a, b) } }
        blocks = positionsOfBlock.keys.sorted().map { key in
            let positions = positionsOfBlock[key]!
            let m = positions.count
            var local = [Double](repeating: 0, count: m * m)
            var coupling = [Double](repeating: 0, count: m * g)
            for (r, a) in positions.enumerated() {
                for (c, b) in positions.enumerated() { local[r * m + c] = element(a, b) }
                for (v, b) in globals.enumerated() { coupling[r * g + v] = element(a, b) }
            }
            return Block(positions: positions, local: local, coupling: coupling)
        }
        globalPositions = globals
        self.globalBlock = globalBlock
    }

    /// The diagonal of M, aligned with `inner`.
    var diagonal: [Double] {
        var result = [Double](repeating: 0, count: dimension)
        let g = globalPositions.count
        for (u, a) in globalPositions.enumerated() { result[a] = globalBlock[u * g + u] }
        for block in blocks {
            let m = block.positions.count
            for (r, a) in block.positions.enumerated() { result[a] = block.local[r * m + r] }
        }
        return result
    }
}
