import _Differentiation
import Foundation
import SoftHistograms

/// A Gaussian detector resolution on a KDE-histogrammed quantity, exactly.
///
/// A bKDE bin count with bandwidth h of one event measured as x′ = x + σε, ε ~ N(0, 1), is
/// Φ((e_{i+1} − x′)/h) − Φ((e_i − x′)/h). Its expectation over ε is the convolution of two
/// Gaussians, so
///
///     E_ε[Φ((e − x − σε)/h)] = Φ((e − x)/√(h² + σ²)),
///
/// i.e. histogramming the smeared events with bandwidth h gives, on average, the KDE of the
/// unsmeared events with bandwidth √(h² + σ²) (reference notes §4.1). This trades a noisy
/// pathwise estimate (``DetectorResponse/smear(_:features:column:noise:resolution:)``) for the
/// exact expected histogram, whose derivative in σ is analytic: ∂h_eff/∂σ = σ/h_eff.
public enum GaussianResolution {
    /// h_eff = √(h² + σ²), the bandwidth of the expected histogram of events smeared with σ.
    @differentiable(reverse)
    public static func effectiveBandwidth(kernel h: Double, resolution sigma: Double) -> Double {
        (h * h + sigma * sigma).squareRoot()
    }

    /// The expected bKDE counts (bandwidth `bandwidth`) of weighted events after a Gaussian
    /// resolution σ: ``KDEHistogram`` with bandwidth √(h² + σ²). Differentiable in the values,
    /// weights, edges and both widths.
    @differentiable(reverse, wrt: (values, weights, edges, bandwidth, resolution))
    public static func expectedCounts(
        values: [Double], weights: [Double], edges: [Double], bandwidth: Double, resolution: Double
    ) -> [Double] {
        KDEHistogram.counts(values: values, weights: weights, edges: edges,
                            bandwidth: effectiveBandwidth(kernel: bandwidth, resolution: resolution))
    }
}
