/// ν = (Π_k κ_k) · A with A = ν⁰ + Σ_j Δ_j for one sample in one bin, and its derivatives with
/// respect to the parameters it depends on. Storage is reused from bin to bin.
struct SampleBinScratch {
    /// Multiplicative terms κ_k(θ_{p_k}) and additive terms Δ_j(θ_{q_j}).
    private var factors: [(parameter: Int, d: Derivatives)] = []
    private var deltas: [(parameter: Int, d: Derivatives)] = []
    private(set) var rate = 0.0
    /// (parameter, ∂ν/∂θ_parameter); a parameter may appear more than once (sum the entries).
    private(set) var gradient: [(parameter: Int, value: Double)] = []
    /// (i, j, ∂²ν/∂θ_i∂θ_j) entries; both (i, j) and (j, i) are listed for i ≠ j.
    private(set) var hessian: [(i: Int, j: Int, value: Double)] = []

    mutating func load(_ template: SampleTemplate, bin: Int, parameters: [Double], order: Int) {
        factors.removeAll(keepingCapacity: true)
        deltas.removeAll(keepingCapacity: true)
        for factor in template.factors {
            switch factor {
            case let .scalar(p):
                factors.append((p, Derivatives(value: parameters[p], first: 1, second: 0)))
            case let .binwise(ps):
                let p = ps[bin]
                factors.append((p, Derivatives(value: parameters[p], first: 1, second: 0)))
            case let .interpolated(p, bins):
                factors.append((p, bins[bin].value(at: parameters[p])))
            }
        }
        let nominal = template.nominal[bin]
        var additive = nominal
        for delta in template.deltas {
            var d = delta.bins[bin].value(at: parameters[delta.parameter])
            d.value -= nominal
            additive += d.value
            deltas.append((delta.parameter, d))
        }
        var product = 1.0
        for factor in factors { product *= factor.d.value }
        rate = product * additive
        guard order >= 1 else { return }
        computeDerivatives(product: product, additive: additive, order: order)
    }

    /// Product rule over the factors and the additive part, without dividing by any κ (which may be 0).
    private mutating func computeDerivatives(product: Double, additive: Double, order: Int) {
        gradient.removeAll(keepingCapacity: true)
        hessian.removeAll(keepingCapacity: true)
        let m = factors.count
        for k in 0..<m {
            let others = productExcluding(k)
            let f = factors[k]
            gradient.append((f.parameter, others * f.d.first * additive))
            guard order >= 2 else { continue }
            hessian.append((f.parameter, f.parameter, others * f.d.second * additive))
            for l in (k + 1)..<m {
                let g = factors[l]
                let value = productExcluding(k, l) * f.d.first * g.d.first * additive
                hessian.append((f.parameter, g.parameter, value))
                hessian.append((g.parameter, f.parameter, value))
            }
            for delta in deltas {
                let value = others * f.d.first * delta.d.first
                hessian.append((f.parameter, delta.parameter, value))
                hessian.append((delta.parameter, f.parameter, value))
            }
        }
        for delta in deltas {
            gradient.append((delta.parameter, product * delta.d.first))
            if order >= 2 { hessian.append((delta.parameter, delta.parameter, product * delta.d.second)) }
        }
    }

    private func productExcluding(_ skipped: Int, _ alsoSkipped: Int = -1) -> Double {
        var result = 1.0
        for k in factors.indices where k != skipped && k != alsoSkipped { result *= factors[k].d.value }
        return result
    }
}

/// Sums the samples of one bin and folds the Poisson term of the bin into the likelihood.
struct BinAccumulator {
    private let order: Int
    private var rate = 0.0
    /// Dense ∂ν_b/∂θ, non-zero only at `touched`.
    private var gradient: [Double]
    private var isTouched: [Bool]
    private var touched: [Int] = []
    private var hessian: [(i: Int, j: Int, value: Double)] = []

    init(parameterCount: Int, order: Int) {
        self.order = order
        gradient = [Double](repeating: 0, count: order >= 1 ? parameterCount : 0)
        isTouched = [Bool](repeating: false, count: order >= 1 ? parameterCount : 0)
    }

    mutating func reset() {
        rate = 0
        for i in touched {
            gradient[i] = 0
            isTouched[i] = false
        }
        touched.removeAll(keepingCapacity: true)
        hessian.removeAll(keepingCapacity: true)
    }

    mutating func add(_ sample: SampleBinScratch) {
        rate += sample.rate
        guard order >= 1 else { return }
        for (p, value) in sample.gradient {
            if !isTouched[p] {
                isTouched[p] = true
                touched.append(p)
            }
            gradient[p] += value
        }
        if order >= 2 { hessian.append(contentsOf: sample.hessian) }
    }

    /// Adds ν − n log ν + log Γ(n + 1) and its derivatives (weights 1 − n/ν and n/ν²).
    func finish(observed n: Double, into result: inout LikelihoodDerivatives) {
        result.value += rate - xlogy(n, rate) + logFactorial(n)
        guard order >= 1 else { return }
        // An empty bin that expects nothing (n = ν = 0) contributes nothing, not 0/0.
        let w1 = n == 0 ? 1 : 1 - n / rate
        for i in touched { result.gradient[i] += w1 * gradient[i] }
        guard order >= 2 else { return }
        let w2 = n == 0 ? 0 : n / (rate * rate)
        for (i, j, value) in hessian { result.hessian![i, j] += w1 * value }
        for i in touched {
            for j in touched { result.hessian![i, j] += w2 * gradient[i] * gradient[j] }
        }
    }
}

import GSL

/// log n! = log Γ(n + 1), continuous in n as in pyhf's Poisson.
@inline(__always)
func logFactorial(_ n: Double) -> Double {
    n == 0 ? 0 : SpecialFunctions.logGamma(n + 1)
}
