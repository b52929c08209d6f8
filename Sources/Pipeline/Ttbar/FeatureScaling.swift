/// Standardisation of the network inputs, x ↦ (x − mean)/std per feature, fitted on training
/// events (as sklearn's `StandardScaler` in Layer et al.'s code: unweighted, population std).
public struct FeatureScaling: Codable, Equatable, Sendable {
    public var means: [Double]
    public var deviations: [Double]

    /// Fits on row-major `features` with `width` columns (a constant feature keeps std 1).
    public init(fitting features: [Double], width: Int) {
        let rows = Double(features.count / width)
        means = (0..<width).map { c in stride(from: c, to: features.count, by: width).reduce(0) { $0 + features[$1] } / rows }
        deviations = (0..<width).map { [means] c in
            let variance = stride(from: c, to: features.count, by: width).reduce(0) { $0 + (features[$1] - means[c]) * (features[$1] - means[c]) } / rows
            return variance > 0 ? variance.squareRoot() : 1
        }
    }

    public func apply(_ features: [Double]) -> [Double] {
        let width = means.count
        return features.indices.map { (features[$0] - means[$0 % width]) / deviations[$0 % width] }
    }
}
