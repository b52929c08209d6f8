import Foundation

/// p_T of the hadronic τ reconstructed from three of the benchmark's features (the sample has no
/// p_T,τ column). With E_T,τ the τh's transverse energy and Δφ = `dphi_tau_met`,
///
///     m_T² = (E_T,τ + E̸_T)² − |p⃗_T,τ + E̸⃗_T|² = (E_T,τ² − p_T,τ²) + 2 E̸_T (E_T,τ − p_T,τ cos Δφ),
///
/// and for a massless τh (E_T,τ = p_T,τ) this solves to
///
///     p_T,τ ≈ m_T² / (2 E̸_T (1 − cos Δφ)).
///
/// The visible τ mass makes E_T,τ ≥ p_T,τ and E_T,τ² − p_T,τ² ≥ 0, so the proxy is never below
/// the true p_T; the excess, (E_T,τ − p_T,τ)/(1 − cos Δφ) + m_vis² sin²θ / (2 E̸_T (1 − cos Δφ)),
/// is negligible for back-to-back τ and E̸_T and grows as Δφ → 0. On the shipped sample every
/// event's proxy is ≥ 45.02 GeV (the τh preselection is p_T > 45 GeV); 994 of 157 587 rows
/// (all files) exceed 1000 GeV, nine in ten of them with Δφ < 0.042. A threshold in [45, 100]
/// GeV only needs to know whether p_T is above it, so the proxy is capped at ``maximum`` (and a
/// vanishing denominator gives the cap) to keep it finite.
public enum TauPtProxy {
    /// The cap of the proxy, in GeV.
    public static let maximum = 1000.0
    static let met = TtbarSample.features.firstIndex(of: "met")!
    static let deltaPhi = TtbarSample.features.firstIndex(of: "dphi_tau_met")!
    static let transverseMass = TtbarSample.features.firstIndex(of: "mt")!

    /// The proxy of each event of row-major raw features (N × 8, ``TtbarSample/features`` order).
    public static func values(_ features: [Double]) -> [Double] {
        let width = TtbarSample.features.count
        return (0..<(features.count / width)).map { k in
            let row = k * width
            let denominator = 2 * features[row + met] * (1 - cos(features[row + deltaPhi]))
            let mt = features[row + transverseMass]
            return denominator > 0 ? min(mt * mt / denominator, maximum) : maximum
        }
    }

    /// The proxy of standardised events, from their raw features x = x̃·std + mean.
    public static func values(standardised features: [Double], scaling: FeatureScaling) -> [Double] {
        let width = scaling.means.count
        return values(features.indices.map { features[$0] * scaling.deviations[$0 % width] + scaling.means[$0 % width] })
    }
}
