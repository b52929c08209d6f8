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

/// Weighted mean binary cross-entropy Σ_k w_k ℓ(z_k, y_k) / Σ_k w_k with ℓ as in
/// ``binaryCrossEntropy(logits:labels:)``, for weighted events (e.g. simulation normalised to a
/// luminosity, or classes balanced by their total weight); ∂/∂z_k = w_k (σ(z_k) − y_k) / Σ w.
@differentiable(reverse, wrt: logits)
public func binaryCrossEntropy(logits: [Double], labels: [Double], weights: [Double]) -> Double {
    precondition(logits.count == labels.count && logits.count == weights.count && !logits.isEmpty,
                 "one label and one weight per logit, at least one")
    var sum = 0.0, total = 0.0
    for k in logits.indices {
        let z = logits[k]
        sum += weights[k] * (max(z, 0) - z * labels[k] + log1p(exp(-abs(z))))
        total += weights[k]
    }
    return sum / total
}

@derivative(of: binaryCrossEntropy(logits:labels:weights:), wrt: logits)
public func vjpWeightedBinaryCrossEntropy(logits: [Double], labels: [Double], weights: [Double])
    -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector)
{
    let total = weights.reduce(0, +)
    return (binaryCrossEntropy(logits: logits, labels: labels, weights: weights), { seed in
        Array<Double>.TangentVector(logits.indices.map { k in
            seed * weights[k] * (1 / (1 + exp(-logits[k])) - labels[k]) / total
        })
    })
}
