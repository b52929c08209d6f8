import _Differentiation
import HistFactory
import Objectives
import SoftHistograms
import SummaryNetworks

/// The ttbar benchmark's full HistFactory model (``TtbarWorkspace``) filled with softmax soft
/// histograms of a network's outputs: one histogram per entry of ``TtbarWorkspace/histograms``,
///
///     n_i = Σ_k w_k softmax_i(z_k/τ) + ε          (ε = ``yieldFloor``, so no rate vanishes)
///
/// and, with statistical uncertainties on, each process's staterror from its nominal histogram,
/// δ_i = √(s Σ_k w_k² softmax_i(z_k/τ) + ε²). The weights are inputs of the differentiation, so
/// a per-event acceptance that multiplies them (``TtbarDesignObjective``) reaches the templates.
public struct TtbarSoftTemplates: Sendable {
    public let bins: Int
    public let temperature: Double
    public let statisticalUncertainties: Bool
    /// The model whose templates the soft histograms fill.
    public let templateModel: TemplateModel
    let assembly: TemplateAssembly

    /// A yield added to every soft-histogram bin so that a rate never vanishes.
    static let yieldFloor = 1e-3

    /// `normalisationOnly` names the processes whose shape systematics are normsys; their
    /// factors (total-yield ratios, which do not depend on the summary) are taken from `train`.
    public init(configuration: TtbarConfiguration, train: TtbarSample, normalisationOnly: Set<TtbarProcess>) throws {
        let bins = configuration.infernoBins
        (self.bins, temperature, statisticalUncertainties) = (bins, configuration.temperature, configuration.statisticalUncertainties)
        // Placeholders that carry each variation's training yield, for the normsys factors, and
        // non-zero statistical uncertainties, so that every bin gets a staterror parameter.
        let workspace = TtbarWorkspace.make(
            normalisationOnly: normalisationOnly,
            statisticalUncertainty: statisticalUncertainties ? { _ in [Double](repeating: 1, count: bins) } : nil
        ) { process, variation in
            [Double](repeating: train[process, variation].yield / Double(bins), count: bins)
        }
        let model = try TemplateModel(workspace: workspace)
        templateModel = model
        let histograms = TtbarWorkspace.histograms
        assembly = TemplateAssembly(model: model) { slot in
            let sample = workspace.channels[slot.channel].samples[slot.sample]
            guard let process = TtbarProcess(rawValue: sample.name), let bin = slot.bin else { return nil }
            let variation: TtbarVariation
            switch slot.field {
            case .nominal: variation = .nominal
            case .hiData, .loData:
                guard let m = slot.modifier, let shape = TtbarShapeSystematic(rawValue: sample.modifiers[m].name) else { return nil }
                variation = slot.field == .hiData ? shape.up : shape.down
            case .hi, .lo: return nil
            case .uncertainty: return (histograms.count + TtbarProcess.allCases.firstIndex(of: process)!) * bins + bin
            }
            return histograms.firstIndex { $0 == (process, variation) }! * bins + bin
        }
    }

    /// The soft histograms of `features[k]` (standardised events of histogram k of
    /// ``TtbarWorkspace/histograms``) with weights `weights[k]`, bin after bin, followed by the
    /// staterror uncertainties of every process in ``TtbarProcess`` order (when on).
    ///
    /// `varianceScale` s multiplies Σw²: the events stand for a share of the sample whose weights
    /// were scaled up by 1/share, and s = share / testFraction makes the uncertainties those of
    /// templates filled from the test part, as the final model's are.
    @differentiable(reverse, wrt: (network, weights))
    public func histograms(_ network: MLP, features: [[Double]], weights: [[Double]], varianceScale: Double) -> [Double] {
        let (bins, temperature) = withoutDerivative(at: (bins, temperature))
        let histograms = withoutDerivative(at: TtbarWorkspace.histograms)
        var source: [Double] = []
        var uncertainties: [Double] = []
        for k in withoutDerivative(at: features.indices) {
            let logits = network(features[k])
            let counts = SoftmaxHistogram.counts(logits: logits, weights: weights[k], bins: bins, temperature: temperature)
            for i in withoutDerivative(at: counts.indices) { source.append(counts[i] + Self.yieldFloor) }
            if withoutDerivative(at: statisticalUncertainties && histograms[k].variation == .nominal) {
                let squaredWeights = scaled(DetectorResponse.product(weights[k], weights[k]), by: varianceScale)
                let squares = SoftmaxHistogram.counts(logits: logits, weights: squaredWeights, bins: bins, temperature: temperature)
                for i in withoutDerivative(at: squares.indices) { uncertainties.append((squares[i] + Self.yieldFloor * Self.yieldFloor).squareRoot()) }
            }
        }
        return source + uncertainties
    }

    /// σ_μ = √[I⁻¹]_μμ of the model with the templates ``histograms(_:features:weights:varianceScale:)``
    /// (possibly transformed), from its Asimov Fisher information.
    @differentiable(reverse)
    public func poiUncertainty(_ source: [Double]) -> Double {
        templateModel.poiUncertainty(templates: assembly(source))
    }
}
