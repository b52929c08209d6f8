import _Differentiation
import Foundation

/// The Fisher information of the Asimov likelihood as a function of the templates, with its
/// pullback written by hand: Swift differentiating it operation by operation recorded every
/// product of every cell, and a ttbar training step spent most of its time building and freeing
/// that record.
///
/// Each cell contributes ν = P·A with P = Π_k κ_k (its factors: normfactors, normsys, lumi, …) and
/// A = ν⁰ + Σ_j (I_j − ν⁰) (its additive histosys terms), and to the Jacobian J = ∂ν/∂θ the
/// product-rule terms (Π_{l≠k} κ_l) κ′_k A for each factor and P·s_j for each additive term
/// (κ′ = dκ/dθ, s_j = dI_j/dθ). With I_ac = Σ_b J_{b,i_a} J_{b,i_c} / ν_b + C_a δ_ac and a
/// cotangent Ī:
///
///     J̄_{b,i_a} = Σ_c (Ī_ac + Ī_ca) J_{b,i_c} / ν_b,    ν̄_b = −Σ_ac Ī_ac J_{b,i_a} J_{b,i_c} / ν_b²
///
/// and C = 1/σ² (Gaussian) or τ/θ (Poisson) gives σ̄ = −2Ī_aa/σ³ or τ̄ = Ī_aa/θ. The chain rule
/// through the cells' products is explicit; only the interpolation codes' value and slope are
/// differentiated by Swift, one call per template entry they read.
extension TemplateModel {
    /// The Fisher information of the Asimov likelihood at θ (data = ν(θ)), over the parameters
    /// `free`, flattened row-major: I_ij = Σ_b ∂_iν_b ∂_jν_b / ν_b + 1/σ_i² (Gaussian) or τ_i/θ_i
    /// (Poisson) on the diagonal. Differentiable with respect to the templates.
    public func fisherInformation(at parameters: [Double], free: [Int], templates: [Double]) -> [Double] {
        fisherInformation(asimovJacobian(parameters, templates), at: parameters, free: free, templates: templates)
    }

    private func fisherInformation(_ asimov: AsimovJacobian, at parameters: [Double], free: [Int], templates: [Double]) -> [Double] {
        let (rates, jacobian) = (asimov.rates, asimov.jacobian)
        let p = model.parameterCount, f = free.count
        var information = [Double](repeating: 0, count: f * f)
        for b in rates.indices {
            for (a, i) in free.enumerated() {
                for (c, j) in free.enumerated() {
                    information[a * f + c] += jacobian[b * p + i] * jacobian[b * p + j] / rates[b]
                }
            }
        }
        for constraint in constraints {
            guard let a = free.firstIndex(of: constraint.parameter) else { continue }
            let w = width(of: constraint, templates)
            information[a * f + a] += constraint.isPoisson ? w / parameters[constraint.parameter] : 1 / (w * w)
        }
        return information
    }

    /// Each cell's pieces, the rates ν and the bins × parameters Jacobian ∂ν/∂θ.
    private struct AsimovJacobian {
        var pieces: [CellPieces]
        var rates: [Double]
        var jacobian: [Double]
    }

    private func asimovJacobian(_ parameters: [Double], _ templates: [Double]) -> AsimovJacobian {
        let p = model.parameterCount
        let pieces = cells.map { CellPieces($0, self, parameters, templates) }
        var rates = [Double](repeating: 0, count: model.mainBinCount)
        var jacobian = [Double](repeating: 0, count: model.mainBinCount * p)
        for (cell, piece) in zip(cells, pieces) {
            rates[cell.bin] += piece.rate
            piece.addJacobian(of: cell, into: &jacobian, row: cell.bin * p)
        }
        return AsimovJacobian(pieces: pieces, rates: rates, jacobian: jacobian)
    }

    @derivative(of: fisherInformation(at:free:templates:), wrt: templates)
    public func _vjpFisherInformation(at parameters: [Double], free: [Int], templates: [Double]) -> (
        value: [Double], pullback: (Array<Double>.TangentVector) -> Array<Double>.TangentVector
    ) {
        let asimov = asimovJacobian(parameters, templates)
        let value = fisherInformation(asimov, at: parameters, free: free, templates: templates)
        return (value, { cotangent in
            .init(self.fisherInformationPullback(cotangent.base, asimov, at: parameters, free: free, templates: templates))
        })
    }

    /// Ī ↦ Ī · ∂I/∂templates.
    private func fisherInformationPullback(
        _ informationBar: [Double], _ asimov: AsimovJacobian, at parameters: [Double], free: [Int], templates: [Double]
    ) -> [Double] {
        var gradient = [Double](repeating: 0, count: templates.count)
        guard !informationBar.isEmpty else { return gradient }
        let bins = model.mainBinCount, p = model.parameterCount, f = free.count
        let (pieces, rates, jacobian) = (asimov.pieces, asimov.rates, asimov.jacobian)

        var jacobianBar = [Double](repeating: 0, count: bins * p)
        var ratesBar = [Double](repeating: 0, count: bins)
        for b in 0..<bins {
            let row = b * p, inverseRate = 1 / rates[b]
            for a in 0..<f {
                let ja = jacobian[row + free[a]]
                for c in 0..<f {
                    let weight = informationBar[a * f + c]
                    guard weight != 0 else { continue }
                    let jc = jacobian[row + free[c]]
                    jacobianBar[row + free[a]] += weight * jc * inverseRate
                    jacobianBar[row + free[c]] += weight * ja * inverseRate
                    ratesBar[b] -= weight * ja * jc * inverseRate * inverseRate
                }
            }
        }

        for constraint in constraints {
            guard let a = free.firstIndex(of: constraint.parameter) else { continue }
            let curvatureBar = informationBar[a * f + a]
            guard curvatureBar != 0 else { continue }
            let w = width(of: constraint, templates)
            let widthBar = constraint.isPoisson ? curvatureBar / parameters[constraint.parameter] : -2 * curvatureBar / (w * w * w)
            addWidthPullback(of: constraint, widthBar, templates, into: &gradient)
        }

        for (cell, piece) in zip(cells, pieces) {
            piece.addTemplateGradient(of: cell, self, parameters, templates, rateBar: ratesBar[cell.bin],
                                      jacobianBar: jacobianBar, row: cell.bin * p, into: &gradient)
        }
        return gradient
    }

    /// Adds w̄ ∂w/∂templates for the width w of `constraint` (``width(of:_:)``).
    private func addWidthPullback(of constraint: ResolvedConstraint, _ widthBar: Double, _ templates: [Double], into gradient: inout [Double]) {
        switch constraint.width {
        case .constant:
            break
        case let .staterror(uncertainties, nominals):
            // w = √(Σ u²) / Σ n.
            let root = uncertainties.map { templates[$0] * templates[$0] }.reduce(0, +).squareRoot()
            let total = nominals.map { templates[$0] }.reduce(0, +)
            if root > 0 {
                for i in uncertainties { gradient[i] += widthBar * templates[i] / (root * total) }
            }
            for i in nominals { gradient[i] -= widthBar * root / (total * total) }
        case let .shapesys(nominal, uncertainty):
            // w = (n/u)².
            let ratio = templates[nominal] / templates[uncertainty]
            gradient[nominal] += widthBar * 2 * ratio / templates[uncertainty]
            gradient[uncertainty] -= widthBar * 2 * ratio * ratio / templates[uncertainty]
        }
    }
}

/// One cell's factors κ_k, their slopes κ′_k = dκ_k/dθ, the additive part A and the slopes s_j
/// of its additive terms, at given parameters and templates.
private struct CellPieces {
    var factors: [Double]
    var factorSlopes: [Double]
    var additive: Double
    var deltaSlopes: [Double]

    init(_ cell: ResolvedCell, _ model: TemplateModel, _ parameters: [Double], _ templates: [Double]) {
        factors = cell.factors.map { model.factorValue($0, parameters, templates) }
        factorSlopes = cell.factors.map { model.factorSlope($0, parameters, templates) }
        additive = model.additivePart(cell, parameters, templates)
        let nominal = templates[cell.nominal]
        deltaSlopes = cell.deltas.map { delta in
            DifferentiableInterpolation.slope(model.interpolationCodes.histosys, parameters[delta.parameter],
                                              lo: templates[delta.lo], nominal: nominal, hi: templates[delta.hi])
        }
    }

    /// Π_k κ_k.
    var product: Double { factors.reduce(1, *) }

    /// ν = P·A.
    var rate: Double { product * additive }

    /// Π_{l≠k} κ_l (and Π_{l≠k,m} κ_l when `also` is given).
    func product(skipping k: Int, also m: Int = -1) -> Double {
        var result = 1.0
        for (l, factor) in factors.enumerated() where l != k && l != m { result *= factor }
        return result
    }

    func addJacobian(of cell: ResolvedCell, into jacobian: inout [Double], row: Int) {
        for (k, factor) in cell.factors.enumerated() {
            jacobian[row + factor.parameter] += product(skipping: k) * factorSlopes[k] * additive
        }
        let product = self.product
        for (j, delta) in cell.deltas.enumerated() {
            jacobian[row + delta.parameter] += product * deltaSlopes[j]
        }
    }

    /// Adds to `gradient` the template gradient of ν̄·ν + Σ J̄·(this cell's Jacobian entries).
    func addTemplateGradient(
        of cell: ResolvedCell, _ model: TemplateModel, _ parameters: [Double], _ templates: [Double],
        rateBar: Double, jacobianBar: [Double], row: Int, into gradient: inout [Double]
    ) {
        let count = factors.count
        let product = self.product
        var additiveBar = rateBar * product
        var productBar = rateBar * additive
        var factorBars = [Double](repeating: 0, count: count)
        var slopeBars = [Double](repeating: 0, count: count)
        // J[p_k] += (Π_{l≠k} κ_l) κ′_k A.
        for (k, factor) in cell.factors.enumerated() {
            let g = jacobianBar[row + factor.parameter]
            guard g != 0 else { continue }
            let others = self.product(skipping: k)
            additiveBar += g * others * factorSlopes[k]
            slopeBars[k] += g * others * additive
            let othersBar = g * factorSlopes[k] * additive
            for l in 0..<count where l != k { factorBars[l] += othersBar * self.product(skipping: k, also: l) }
        }
        // J[q_j] += P s_j.
        var deltaSlopeBars = [Double](repeating: 0, count: cell.deltas.count)
        for (j, delta) in cell.deltas.enumerated() {
            let g = jacobianBar[row + delta.parameter]
            productBar += g * deltaSlopes[j]
            deltaSlopeBars[j] = g * product
        }
        for l in 0..<count { factorBars[l] += productBar * self.product(skipping: l) }

        let codes = model.interpolationCodes
        for (k, factor) in cell.factors.enumerated() {
            guard case let .normsys(p, hi, lo) = factor, factorBars[k] != 0 || slopeBars[k] != 0 else { continue }
            let alpha = parameters[p]
            let value = pullback(at: templates[lo], templates[hi]) { lo, hi in
                DifferentiableInterpolation.value(codes.normsys, alpha, lo: lo, nominal: 1, hi: hi)
            }(factorBars[k])
            let slope = pullback(at: templates[lo], templates[hi]) { lo, hi in
                DifferentiableInterpolation.slope(codes.normsys, alpha, lo: lo, nominal: 1, hi: hi)
            }(slopeBars[k])
            gradient[lo] += value.0 + slope.0
            gradient[hi] += value.1 + slope.1
        }
        // A = ν⁰ + Σ_j (I_j − ν⁰).
        let nominal = templates[cell.nominal]
        gradient[cell.nominal] += additiveBar
        for (j, delta) in cell.deltas.enumerated() where additiveBar != 0 || deltaSlopeBars[j] != 0 {
            let alpha = parameters[delta.parameter]
            let value = pullback(at: templates[delta.lo], nominal, templates[delta.hi]) { lo, nominal, hi in
                DifferentiableInterpolation.value(codes.histosys, alpha, lo: lo, nominal: nominal, hi: hi)
            }(additiveBar)
            let slope = pullback(at: templates[delta.lo], nominal, templates[delta.hi]) { lo, nominal, hi in
                DifferentiableInterpolation.slope(codes.histosys, alpha, lo: lo, nominal: nominal, hi: hi)
            }(deltaSlopeBars[j])
            gradient[delta.lo] += value.0 + slope.0
            gradient[cell.nominal] += value.1 - additiveBar + slope.1
            gradient[delta.hi] += value.2 + slope.2
        }
    }
}
