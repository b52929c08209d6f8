/// One sample in one channel, compiled for evaluation: its nominal yields and the modifiers that
/// act on them, each resolved to flat parameter indices.
///
/// ν_b = (Π_k κ_k,b) · (ν⁰_b + Σ_j Δ_j,b)   (pyhf `_MainModel.expected_data`)
struct SampleTemplate: Sendable {
    /// Global index of the channel's first bin in the main data.
    let binOffset: Int
    let nominal: [Double]
    /// Where each nominal bin sits in the workspace.
    let nominalSlots: [TemplateSlot]
    var factors: [FactorModifier] = []
    var deltas: [DeltaModifier] = []
}

/// A multiplicative modifier resolved to parameter indices.
enum FactorModifier: Sendable {
    /// κ = θ_p in every bin (normfactor, lumi).
    case scalar(parameter: Int)
    /// κ_b = θ_{p_b} (shapesys, staterror, shapefactor).
    case binwise(parameters: [Int])
    /// κ_b = interpolation of (lo, 1, hi) at θ_p (normsys), with the slots of hi and lo.
    case interpolated(parameter: Int, bins: [TemplateInterpolator], hi: TemplateSlot, lo: TemplateSlot)
}

/// An additive modifier: Δ_b = I_b(θ_p) − ν⁰_b (histosys).
struct DeltaModifier: Sendable {
    let parameter: Int
    let bins: [TemplateInterpolator]
    let hiSlots: [TemplateSlot]
    let loSlots: [TemplateSlot]
}
