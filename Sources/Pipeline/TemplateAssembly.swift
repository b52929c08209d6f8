import _Differentiation
import HistFactory
import Objectives

/// Fills the template vector of a ``TemplateModel`` from a flat vector of (soft) histograms:
/// slot k takes `source[indices[k]]`, or, where `indices[k]` is nil, the workspace's own number
/// (a constant such as a normsys factor). The pullback adds each slot's cotangent to the source
/// entry it came from.
public struct TemplateAssembly: Sendable {
    public let indices: [Int?]
    public let constants: [Double]

    /// `source(slot)` names the source entry of a slot, or nil to keep the workspace's number.
    public init(model: TemplateModel, source: (TemplateSlot) -> Int?) {
        indices = model.slots.map(source)
        constants = model.values
    }

    @differentiable(reverse, wrt: source)
    public func callAsFunction(_ source: [Double]) -> [Double] {
        zip(indices, constants).map { index, constant in index.map { source[$0] } ?? constant }
    }

    @derivative(of: callAsFunction)
    public func _vjpCallAsFunction(_ source: [Double]) -> (value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector) {
        let count = source.count
        return (callAsFunction(source), { [indices] v in
            var gradient = [Double](repeating: 0, count: count)
            guard !v.base.isEmpty else { return .init(gradient) }
            for (k, index) in indices.enumerated() { if let index { gradient[index] += v.base[k] } }
            return .init(gradient)
        })
    }
}
