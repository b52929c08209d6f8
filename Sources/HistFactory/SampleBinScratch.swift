import GSL

/// ν = (Π_k κ_k) · A with A = ν⁰ + Σ_j Δ_j for one sample in one bin (a *cell* of the
/// ``EvaluationPlan``), and its derivatives with respect to the parameters it depends on.
/// Storage is reused from cell to cell; the term counts mark the live part of each buffer.
struct SampleBinScratch {
    /// Multiplicative terms κ_k(θ_{p_k}) and additive terms Δ_j(θ_{q_j}).
    private var factorParameters: [Int] = []
    private var factorValues: [Derivatives] = []
    private var factorCount = 0
    private var deltaParameters: [Int] = []
    private var deltaValues: [Derivatives] = []
    private var deltaCount = 0
    private(set) var rate = 0.0
    /// (parameter, ∂ν/∂θ_parameter) in `gradient[0..<gradientCount]`; a parameter may appear more
    /// than once (the entries add up).
    private(set) var gradient: [(parameter: Int, value: Double)] = []
    private(set) var gradientCount = 0
    /// (i, j, ∂²ν/∂θ_i∂θ_j) in `hessian[0..<hessianCount]`; both (i, j) and (j, i) for i ≠ j.
    private(set) var hessian: [(i: Int, j: Int, value: Double)] = []
    private(set) var hessianCount = 0
    /// Suffix products of the factor values (scratch).
    private var suffix: [Double] = []

    mutating func load(cell c: Int, of plan: EvaluationPlan, parameters: [Double], order: Int) {
        factorCount = 0
        deltaCount = 0
        var product = 1.0
        for k in plan.cellFactorStart[c]..<plan.cellFactorStart[c + 1] {
            let term = plan.factors[k]
            let theta = parameters[term.parameter]
            let d = term.interpolator < 0
                ? Derivatives(value: theta, first: 1, second: 0)
                : plan.interpolators[term.interpolator].value(at: theta)
            product *= d.value
            Self.store(term.parameter, d, in: &factorParameters, &factorValues, at: &factorCount)
        }
        let nominal = plan.cellNominal[c]
        var additive = nominal
        for k in plan.cellDeltaStart[c]..<plan.cellDeltaStart[c + 1] {
            let term = plan.deltas[k]
            var d = plan.interpolators[term.interpolator].value(at: parameters[term.parameter])
            d.value -= nominal
            additive += d.value
            Self.store(term.parameter, d, in: &deltaParameters, &deltaValues, at: &deltaCount)
        }
        rate = product * additive
        guard order >= 1 else { return }
        computeDerivatives(product: product, additive: additive, order: order)
    }

    private static func store(_ parameter: Int, _ d: Derivatives, in parameters: inout [Int], _ values: inout [Derivatives], at count: inout Int) {
        if count < parameters.count {
            parameters[count] = parameter
            values[count] = d
        } else {
            parameters.append(parameter)
            values.append(d)
        }
        count += 1
    }

    private mutating func addGradient(_ parameter: Int, _ value: Double) {
        if gradientCount < gradient.count { gradient[gradientCount] = (parameter, value) } else { gradient.append((parameter, value)) }
        gradientCount += 1
    }

    private mutating func addHessian(_ i: Int, _ j: Int, _ value: Double) {
        if hessianCount < hessian.count { hessian[hessianCount] = (i, j, value) } else { hessian.append((i, j, value)) }
        hessianCount += 1
    }

    /// Product rule over the factors and the additive part, without dividing by any κ (which may
    /// be 0): Π_{m≠k} κ_m = P_k S_{k+1} from the prefix products P_k = Π_{m<k} κ_m and suffix
    /// products S_k = Π_{m≥k} κ_m, and Π_{m≠k,l} κ_m (k < l) as P_k · Π_{k<m<l} κ_m · S_{l+1},
    /// the middle product carried along the loop over l: O(F²) for F factors.
    private mutating func computeDerivatives(product: Double, additive: Double, order: Int) {
        gradientCount = 0
        hessianCount = 0
        let f = factorCount
        if suffix.count < f + 1 { suffix = [Double](repeating: 1, count: f + 1) }
        suffix[f] = 1
        for k in stride(from: f - 1, through: 0, by: -1) { suffix[k] = suffix[k + 1] * factorValues[k].value }
        var prefix = 1.0
        for k in 0..<f {
            let others = prefix * suffix[k + 1]
            let (p, d) = (factorParameters[k], factorValues[k])
            addGradient(p, others * d.first * additive)
            if order >= 2 {
                addHessian(p, p, others * d.second * additive)
                var middle = prefix
                for l in (k + 1)..<f {
                    let value = middle * suffix[l + 1] * d.first * factorValues[l].first * additive
                    addHessian(p, factorParameters[l], value)
                    addHessian(factorParameters[l], p, value)
                    middle *= factorValues[l].value
                }
                for j in 0..<deltaCount {
                    let value = others * d.first * deltaValues[j].first
                    addHessian(p, deltaParameters[j], value)
                    addHessian(deltaParameters[j], p, value)
                }
            }
            prefix *= d.value
        }
        for j in 0..<deltaCount {
            addGradient(deltaParameters[j], product * deltaValues[j].first)
            if order >= 2 { addHessian(deltaParameters[j], deltaParameters[j], product * deltaValues[j].second) }
        }
    }

}

/// Sums the cells of one bin and folds the Poisson term of the bin into the likelihood.
struct BinAccumulator {
    private let order: Int
    private var rate = 0.0
    /// Dense ∂ν_b/∂θ, non-zero only at `touched`.
    private var gradient: [Double]
    /// The position of each parameter in `touched`, −1 when the bin does not depend on it.
    private var localIndex: [Int]
    private var touched: [Int] = []
    private var hessian: [(i: Int, j: Int, value: Double)] = []
    /// Σ_cells ∂²ν/∂θ_i∂θ_j over `touched` × `touched` (scratch), gathered before the one pass
    /// that adds the bin to the full Hessian.
    private var localHessian: [Double] = []

    init(parameterCount: Int, order: Int) {
        self.order = order
        gradient = [Double](repeating: 0, count: order >= 1 ? parameterCount : 0)
        localIndex = [Int](repeating: -1, count: order >= 1 ? parameterCount : 0)
    }

    mutating func reset() {
        rate = 0
        for i in touched {
            gradient[i] = 0
            localIndex[i] = -1
        }
        touched.removeAll(keepingCapacity: true)
        hessian.removeAll(keepingCapacity: true)
    }

    mutating func add(_ cell: SampleBinScratch) {
        rate += cell.rate
        guard order >= 1 else { return }
        for k in 0..<cell.gradientCount {
            let (p, value) = cell.gradient[k]
            if localIndex[p] < 0 {
                localIndex[p] = touched.count
                touched.append(p)
            }
            gradient[p] += value
        }
        if order >= 2 { hessian.append(contentsOf: cell.hessian[0..<cell.hessianCount]) }
    }

    /// Adds −log Pois(n | ν) (with or without its constant, see ``PoissonTerm``) and its derivatives, with weights 1 − n/ν and n/ν².
    mutating func finish(observed n: Double, includeConstant: Bool, into result: inout LikelihoodDerivatives) {
        result.value += PoissonTerm.negativeLog(observed: n, expected: rate, includeConstant: includeConstant)
        guard order >= 1 else { return }
        // An empty bin that expects nothing (n = ν = 0) contributes nothing, not 0/0.
        let w1 = n == 0 ? 1 : 1 - n / rate
        for i in touched { result.gradient[i] += w1 * gradient[i] }
        guard order >= 2 else { return }
        let w2 = n == 0 ? 0 : n / (rate * rate)
        let t = touched.count
        localHessian.removeAll(keepingCapacity: true)
        localHessian.append(contentsOf: repeatElement(0, count: t * t))
        for (i, j, value) in hessian { localHessian[localIndex[i] * t + localIndex[j]] += value }
        let columns = result.hessian!.columns
        result.hessian!.elements.withUnsafeMutableBufferPointer { full in
            for a in 0..<t {
                let i = touched[a], row = i * columns, weighted = w2 * gradient[i]
                for b in 0..<t {
                    let j = touched[b]
                    full[row + j] += w1 * localHessian[a * t + b] + weighted * gradient[j]
                }
            }
        }
    }
}
