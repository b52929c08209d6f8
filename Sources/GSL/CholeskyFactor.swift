import CGSL

/// The Cholesky factor L (A = L Lᵀ) of a symmetric positive-definite matrix, kept to solve
/// A x = b repeatedly (`gsl_linalg_cholesky_decomp1`, `gsl_linalg_cholesky_solve`).
public struct CholeskyFactor: Sendable {
    /// GSL's packed form: L in the lower triangle (the upper triangle holds Lᵀ).
    private var factor: Matrix

    /// Factorises `matrix`; nil when it is not (numerically) positive definite.
    public init?(_ matrix: Matrix) {
        precondition(matrix.rows == matrix.columns, "Cholesky factor of a non-square matrix")
        disableAbortingErrorHandler()
        var copy = matrix
        let rows = matrix.rows
        if rows > 0 {
            let status = copy.elements.withUnsafeMutableBufferPointer { buffer in
                var view = gsl_matrix_view_array(buffer.baseAddress, rows, rows)
                return gsl_linalg_cholesky_decomp1(&view.matrix)
            }
            guard status == Int32(GSL_SUCCESS) else { return nil }
        }
        factor = copy
    }

    public var dimension: Int { factor.rows }

    /// x = A⁻¹ b.
    public func solve(_ b: [Double]) -> [Double] {
        precondition(b.count == dimension, "right-hand side of length \(b.count) for a \(dimension)×\(dimension) system")
        guard dimension > 0 else { return [] }
        var x = b
        let n = dimension
        factor.elements.withUnsafeBufferPointer { buffer in
            x.withUnsafeMutableBufferPointer { xBuffer in
                var view = gsl_matrix_const_view_array(buffer.baseAddress, n, n)
                var xView = gsl_vector_view_array(xBuffer.baseAddress, n)
                _ = gsl_linalg_cholesky_svx(&view.matrix, &xView.vector)
            }
        }
        return x
    }

    /// A⁻¹ (`gsl_linalg_cholesky_invert`).
    public func inverse() -> Matrix {
        var inverse = factor
        let n = dimension
        guard n > 0 else { return inverse }
        inverse.elements.withUnsafeMutableBufferPointer { buffer in
            var view = gsl_matrix_view_array(buffer.baseAddress, n, n)
            _ = gsl_linalg_cholesky_invert(&view.matrix)
        }
        return inverse
    }
}
