import _Differentiation
import Foundation

/// Mean binary cross-entropy of logits z against labels y ∈ [0, 1], in the stable form
/// max(z, 0) − z y + log(1 + e^{−|z|}) (as neos's `bce`); ∂/∂z_k = (σ(z_k) − y_k)/N.
@differentiable(reverse, wrt: logits)
public func binaryCrossEntropy(logits: [Double], labels: [Double]) -> Double {
    precondition(logits.count == labels.count && !logits.isEmpty, "one label per logit, at least one")
    var sum = 0.0
    for (z, y) in zip(logits, labels) { sum += max(z, 0) - z * y + log1p(exp(-abs(z))) }
    return sum / Double(logits.count)
}

@derivative(of: binaryCrossEntropy, wrt: logits)
public func vjpBinaryCrossEntropy(logits: [Double], labels: [Double])
    -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector)
{
    let n = Double(logits.count)
    return (binaryCrossEntropy(logits: logits, labels: labels), { seed in
        Array<Double>.TangentVector(zip(logits, labels).map { z, y in seed * (1 / (1 + exp(-z)) - y) / n })
    })
}
