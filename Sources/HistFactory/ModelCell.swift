/// What the expected rate of one sample in one main bin is made of, with the workspace slot of
/// every template number it reads: ν = (Π factors) · (ν⁰ + Σ Δ). A differentiable re-evaluation of
/// the model with respect to its templates (module Objectives) follows this description, so the
/// parameter layout and the pyhf conventions live in one place.
public struct ModelCell: Sendable {
    public enum Factor: Sendable {
        /// κ = θ_parameter (normfactor, lumi, shapesys, staterror, shapefactor).
        case parameter(Int)
        /// κ = normsys interpolation of (lo, 1, hi) at θ_parameter.
        case normsys(parameter: Int, hi: TemplateSlot, lo: TemplateSlot)
    }

    /// Δ = histosys interpolation of (lo, ν⁰, hi) at θ_parameter, minus ν⁰.
    public struct Delta: Sendable {
        public let parameter: Int
        public let hi: TemplateSlot
        public let lo: TemplateSlot
    }

    /// The main-data bin.
    public let bin: Int
    public let nominal: TemplateSlot
    public let factors: [Factor]
    public let deltas: [Delta]
}

/// The width of one constraint term and the template numbers it depends on.
public enum ConstraintWidth: Sendable {
    /// A Gaussian σ or Poisson τ that does not depend on the templates.
    case constant(Double)
    /// staterror: δ = √(Σ σ²) / Σ ν⁰ with the slots of the σ of the samples carrying it in this
    /// bin and the nominal slots of every sample that carries it (pyhf `staterror_builder.finalize`).
    case staterror(uncertainties: [TemplateSlot], nominals: [TemplateSlot])
    /// shapesys: τ = (ν⁰/σ)² (pyhf `shapesys.required_parset`).
    case shapesys(nominal: TemplateSlot, uncertainty: TemplateSlot)
}

extension SampleTemplate {
    /// The cells of this template, in bin order.
    var cells: [ModelCell] {
        nominal.indices.map { b in
            ModelCell(
                bin: binOffset + b, nominal: nominalSlots[b],
                factors: factors.map { factor in
                    switch factor {
                    case let .scalar(p): return .parameter(p)
                    case let .binwise(ps): return .parameter(ps[b])
                    case let .interpolated(p, _, hi, lo): return .normsys(parameter: p, hi: hi, lo: lo)
                    }
                },
                deltas: deltas.map { ModelCell.Delta(parameter: $0.parameter, hi: $0.hiSlots[b], lo: $0.loSlots[b]) }
            )
        }
    }
}
