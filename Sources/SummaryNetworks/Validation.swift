extension MLP {
    /// Checks a row-major batch before it reaches the network: it must be non-empty, a whole
    /// number of rows of ``inputWidth`` features, and every value finite. `features` optionally
    /// names the columns (its count must equal ``inputWidth``) so that errors can name the feature.
    public func validateInput(_ batch: [Double], features: [String]? = nil) throws {
        if let features, features.count != inputWidth {
            throw NetworkError(.featureCount, "\(features.count) feature names given (\(features.joined(separator: ", "))), but the network takes \(inputWidth) features")
        }
        guard !batch.isEmpty else {
            throw NetworkError(.emptyBatch, "the batch is empty; expected at least one row of \(inputWidth) features")
        }
        guard batch.count % inputWidth == 0 else {
            throw NetworkError(.batchWidth, "the batch has \(batch.count) values, which is not a multiple of the network's \(inputWidth) input features (\(batch.count / inputWidth) rows and \(batch.count % inputWidth) values left over)")
        }
        if let i = batch.firstIndex(where: { !$0.isFinite }) {
            let row = i / inputWidth, column = i % inputWidth
            let name = features.map { " ('\($0[column])')" } ?? ""
            throw NetworkError(.nonFiniteFeature, row: row, column: column,
                               "row \(row), column \(column)\(name): value is \(batch[i]); expected a finite number")
        }
    }

    /// As ``validateInput(_:features:)``, where the caller states the number of features per row,
    /// which must equal ``inputWidth``.
    public func validateInput(_ batch: [Double], features: Int) throws {
        guard features == inputWidth else {
            throw NetworkError(.featureCount, "the batch has \(features) features per row, but the network takes \(inputWidth)")
        }
        try validateInput(batch, features: nil as [String]?)
    }
}
