import CGSL

/// Linear algebra on symmetric matrices, by GSL.
extension Matrix {
    /// Runs `body` with a GSL view of a copy of this matrix, and returns the copy as modified.
    private func withGSLCopy<R>(_ body: (UnsafeMutablePointer<gsl_matrix>) throws -> R) rethrows -> (Matrix, R) {
        var copy = self
        let result = try copy.elements.withUnsafeMutableBufferPointer { buffer in
            var view = gsl_matrix_view_array(buffer.baseAddress, rows, columns)
            return try body(&view.matrix)
        }
        return (copy, result)
    }

    /// A⁻¹ of a symmetric positive-definite matrix by Cholesky decomposition
    /// (`gsl_linalg_cholesky_decomp1`, `gsl_linalg_cholesky_invert`).
    /// Throws ``GSLError`` with `GSL_EDOM` when the matrix is not positive definite.
    public func choleskyInverse() throws -> Matrix {
        precondition(rows == columns, "Cholesky inverse of a non-square matrix")
        disableAbortingErrorHandler()
        if rows == 0 { return self }
        let (inverse, status) = withGSLCopy { m -> Int32 in
            let decomposed = gsl_linalg_cholesky_decomp1(m)
            guard decomposed == Int32(GSL_SUCCESS) else { return decomposed }
            return gsl_linalg_cholesky_invert(m)
        }
        guard status == Int32(GSL_SUCCESS) else {
            throw GSLError(status: status, context: "Cholesky inverse of a \(rows)×\(rows) matrix")
        }
        return inverse
    }

    /// Eigenvalues (ascending) and unit eigenvectors (as columns of the returned matrix) of a
    /// symmetric matrix (`gsl_eigen_symmv`).
    public func symmetricEigen() -> (values: [Double], vectors: Matrix) {
        precondition(rows == columns, "eigen decomposition of a non-square matrix")
        disableAbortingErrorHandler()
        let n = rows
        var values = [Double](repeating: 0, count: n)
        var vectors = Matrix(rows: n, columns: n)
        guard n > 0 else { return (values, vectors) }
        _ = withGSLCopy { m in
            values.withUnsafeMutableBufferPointer { valueBuffer in
                vectors.elements.withUnsafeMutableBufferPointer { vectorBuffer in
                    var valueView = gsl_vector_view_array(valueBuffer.baseAddress, n)
                    var vectorView = gsl_matrix_view_array(vectorBuffer.baseAddress, n, n)
                    let workspace = gsl_eigen_symmv_alloc(n)
                    defer { gsl_eigen_symmv_free(workspace) }
                    gsl_eigen_symmv(m, &valueView.vector, &vectorView.matrix, workspace)
                    gsl_eigen_symmv_sort(&valueView.vector, &vectorView.matrix, GSL_EIGEN_SORT_VAL_ASC)
                }
            }
        }
        return (values, vectors)
    }
}
