import Foundation
import GSL

/// The negative log-likelihood and its derivatives, evaluated together because they share
/// every intermediate.
public struct LikelihoodDerivatives: Sendable {
    /// −log L(θ) (the full pyhf logpdf with its constants, negated).
    public var value: Double
    /// ∂(−log L)/∂θ, over all parameters (fixed ones included).
    public var gradient: [Double]
    /// ∂²(−log L)/∂θ∂θᵀ when requested.
    public var hessian: Matrix?
}

extension Model {
    // MARK: Expected data

    /// ν(θ): the expected main data, channels in model order.
    public func expectedMainData(_ parameters: [Double]) -> [Double] {
        precondition(parameters.count == parameterCount, "expected \(parameterCount) parameters, got \(parameters.count)")
        var rates = [Double](repeating: 0, count: mainBinCount)
        var scratch = SampleBinScratch()
        for bin in rates.indices {
            for cell in plan.binCellStart[bin]..<plan.binCellStart[bin + 1] {
                scratch.load(cell: cell, of: plan, parameters: parameters, order: 0)
                rates[bin] += scratch.rate
            }
        }
        return rates
    }

    /// The expected auxiliary data: θ for Gaussian constraints, θ·τ for Poisson ones
    /// (pyhf `expected_auxdata`), in parameter order.
    public func expectedAuxData(_ parameters: [Double]) -> [Double] {
        constrainedSets.flatMap { set -> [Double] in
            switch set.constraint {
            case .unconstrained: return []
            case .gaussian: return Array(parameters[set.indices])
            case let .poisson(factors): return zip(parameters[set.indices], factors).map { $0 * $1 }
            }
        }
    }

    /// The expected data, main bins followed by auxiliary data (pyhf `expected_data`).
    public func expectedData(_ parameters: [Double], includeAuxdata: Bool = true) -> [Double] {
        expectedMainData(parameters) + (includeAuxdata ? expectedAuxData(parameters) : [])
    }

    // MARK: Likelihood

    /// log L(θ | data), data = main + auxiliary, with pyhf's constants:
    /// Σ_b [n_b log ν_b − ν_b − log Γ(n_b + 1)] + Σ Gaussian log N(a | θ, σ) + Σ Poisson log Pois(a | θτ).
    public func logpdf(_ parameters: [Double], data: [Double]) -> Double {
        -negativeLogLikelihood(parameters, data: data, order: 0).value
    }

    /// −log L with its gradient (order 1) and Hessian (order 2).
    ///
    /// With w_b = 1 − n_b/ν_b: ∂(−log L)/∂θ_i = Σ_b w_b ∂ν_b/∂θ_i + constraint terms, and
    /// ∂²(−log L)/∂θ_i∂θ_j = Σ_b [w_b ∂²ν_b/∂θ_i∂θ_j + (n_b/ν_b²) ∂ν_b/∂θ_i ∂ν_b/∂θ_j] + constraint terms.
    public func negativeLogLikelihood(_ parameters: [Double], data: [Double], order: Int = 1) -> LikelihoodDerivatives {
        negativeLogLikelihood(parameters, data: data, order: order, includeConstants: true)
    }

    /// −log L without the data-only constants log Γ(n + 1) when `includeConstants` is false: what a
    /// fit minimises, with one log-gamma call less per bin and auxiliary datum.
    func negativeLogLikelihood(_ parameters: [Double], data: [Double], order: Int, includeConstants: Bool) -> LikelihoodDerivatives {
        precondition(parameters.count == parameterCount, "expected \(parameterCount) parameters, got \(parameters.count)")
        precondition(data.count == mainBinCount + auxiliaryCount,
                     "expected \(mainBinCount + auxiliaryCount) data values, got \(data.count)")
        let p = parameterCount
        var result = LikelihoodDerivatives(
            value: 0, gradient: [Double](repeating: 0, count: order >= 1 ? p : 0),
            hessian: order >= 2 ? Matrix(rows: p, columns: p) : nil
        )
        var bins = BinAccumulator(parameterCount: p, order: order)
        var scratch = SampleBinScratch()
        for bin in 0..<mainBinCount {
            bins.reset()
            for cell in plan.binCellStart[bin]..<plan.binCellStart[bin + 1] {
                scratch.load(cell: cell, of: plan, parameters: parameters, order: order)
                bins.add(scratch)
            }
            bins.finish(observed: data[bin], includeConstant: includeConstants, into: &result)
        }
        addConstraintTerms(parameters, auxiliary: data[mainBinCount...], includeConstants: includeConstants, into: &result)
        return result
    }

    /// Gaussian: −log N(a | θ, σ) = (a − θ)²/(2σ²) + log(σ√(2π));
    /// Poisson: −log Pois(a | θf) = θf − a log(θf) + log Γ(a + 1) (see ``PoissonTerm``).
    private func addConstraintTerms(
        _ parameters: [Double], auxiliary: ArraySlice<Double>, includeConstants: Bool, into result: inout LikelihoodDerivatives
    ) {
        var a = auxiliary.startIndex
        let order = result.hessian != nil ? 2 : (result.gradient.isEmpty ? 0 : 1)
        for set in constrainedSets {
            for (k, i) in set.indices.enumerated() {
                let observed = auxiliary[a]
                a += 1
                let theta = parameters[i]
                switch set.constraint {
                case .unconstrained:
                    continue
                case let .gaussian(sigmas):
                    let sigma = sigmas[k], residual = theta - observed
                    result.value += residual * residual / (2 * sigma * sigma)
                    if includeConstants { result.value += Foundation.log(sigma * (2 * Double.pi).squareRoot()) }
                    if order >= 1 { result.gradient[i] += residual / (sigma * sigma) }
                    if order >= 2 { result.hessian![i, i] += 1 / (sigma * sigma) }
                case let .poisson(factors):
                    let factor = factors[k], rate = theta * factor
                    result.value += PoissonTerm.negativeLog(observed: observed, expected: rate, includeConstant: includeConstants)
                    if order >= 1 { result.gradient[i] += factor - observed / theta }
                    if order >= 2 { result.hessian![i, i] += observed / (theta * theta) }
                }
            }
        }
    }
}
