import _Differentiation
import Foundation
import HistFactory

/// The model's expected data and likelihood as functions of the template vector, differentiable
/// with respect to it (and to the data), mirroring HistFactory's evaluation (the Asimov Fisher
/// information is in TemplateModel+Fisher.swift).
extension TemplateModel {
    /// ν(θ; templates), the expected main data.
    @differentiable(reverse, wrt: templates)
    public func expectedMainData(_ parameters: [Double], templates: [Double]) -> [Double] {
        var rates = zeros(model.mainBinCount)
        for cell in withoutDerivative(at: cells) {
            rates.accumulate(rate(of: cell, parameters, templates), at: cell.bin)
        }
        return rates
    }

    /// The expected auxiliary data: θ for Gaussian constraints, θ·τ(templates) for Poisson ones.
    @differentiable(reverse, wrt: templates)
    public func expectedAuxData(_ parameters: [Double], templates: [Double]) -> [Double] {
        var aux: [Double] = []
        for constraint in withoutDerivative(at: constraints) {
            let theta = parameters[constraint.parameter]
            aux.append(constraint.isPoisson ? theta * width(of: constraint, templates) : theta)
        }
        return aux
    }

    @differentiable(reverse, wrt: templates)
    public func expectedData(_ parameters: [Double], templates: [Double]) -> [Double] {
        expectedMainData(parameters, templates: templates) + expectedAuxData(parameters, templates: templates)
    }

    /// −log L(θ | data; templates) without the terms that depend on the data alone (log n!), which
    /// cancel in every likelihood ratio: Σ_b (ν_b − n_b log ν_b) + Σ_Gauss [(a − θ)²/(2σ²) + log σ]
    /// + Σ_Poisson (θτ − a log θτ).
    @differentiable(reverse, wrt: (data, templates))
    public func negativeLogLikelihood(_ parameters: [Double], data: [Double], templates: [Double]) -> Double {
        let rates = expectedMainData(parameters, templates: templates)
        var value = 0.0
        for b in withoutDerivative(at: rates.indices) {
            value += rates[b] - (data[b] == 0 ? 0 : data[b] * log(rates[b]))
        }
        let offset = withoutDerivative(at: rates.count)
        for (k, constraint) in withoutDerivative(at: constraints).enumerated() {
            let theta = parameters[constraint.parameter]
            let observed = data[offset + k]
            let w = width(of: constraint, templates)
            if constraint.isPoisson {
                value += theta * w - (observed == 0 ? 0 : observed * log(theta * w))
            } else {
                value += (observed - theta) * (observed - theta) / (2 * w * w) + log(w)
            }
        }
        return value
    }

    // MARK: Pieces

    /// ν of one cell: (Π κ) · (ν⁰ + Σ Δ).
    @differentiable(reverse, wrt: templates)
    func rate(of cell: ResolvedCell, _ parameters: [Double], _ templates: [Double]) -> Double {
        factorProduct(cell, parameters, templates) * additivePart(cell, parameters, templates)
    }

    /// Π κ_k over the cell's factors.
    @differentiable(reverse, wrt: templates)
    func factorProduct(_ cell: ResolvedCell, _ parameters: [Double], _ templates: [Double]) -> Double {
        var product = 1.0
        for factor in withoutDerivative(at: cell.factors) {
            product *= factorValue(factor, parameters, templates)
        }
        return product
    }

    @differentiable(reverse, wrt: templates)
    func factorValue(_ factor: ResolvedCell.Factor, _ parameters: [Double], _ templates: [Double]) -> Double {
        switch factor {
        case let .parameter(p):
            return withoutDerivative(at: parameters[p])
        case let .normsys(p, hi, lo):
            return DifferentiableInterpolation.value(interpolationCodes.normsys, parameters[p], lo: templates[lo], nominal: 1, hi: templates[hi])
        }
    }

    /// dκ/dθ of one factor.
    func factorSlope(_ factor: ResolvedCell.Factor, _ parameters: [Double], _ templates: [Double]) -> Double {
        switch factor {
        case .parameter:
            return 1
        case let .normsys(p, hi, lo):
            return DifferentiableInterpolation.slope(interpolationCodes.normsys, parameters[p], lo: templates[lo], nominal: 1, hi: templates[hi])
        }
    }

    /// ν⁰ + Σ_j Δ_j.
    @differentiable(reverse, wrt: templates)
    func additivePart(_ cell: ResolvedCell, _ parameters: [Double], _ templates: [Double]) -> Double {
        let nominal = templates[cell.nominal]
        var sum = nominal
        for delta in withoutDerivative(at: cell.deltas) {
            let interpolated = DifferentiableInterpolation.value(
                interpolationCodes.histosys, parameters[delta.parameter],
                lo: templates[delta.lo], nominal: nominal, hi: templates[delta.hi]
            )
            sum += interpolated - nominal
        }
        return sum
    }

    /// σ of a Gaussian constraint or τ of a Poisson one.
    @differentiable(reverse, wrt: templates)
    func width(of constraint: ResolvedConstraint, _ templates: [Double]) -> Double {
        switch constraint.width {
        case let .constant(value):
            return withoutDerivative(at: value)
        case let .staterror(uncertainties, nominals):
            var squares = 0.0
            for i in withoutDerivative(at: uncertainties) { squares += templates[i] * templates[i] }
            var total = 0.0
            for i in withoutDerivative(at: nominals) { total += templates[i] }
            return squares.squareRoot() / total
        case let .shapesys(nominal, uncertainty):
            let ratio = templates[nominal] / templates[uncertainty]
            return ratio * ratio
        }
    }
}

extension ResolvedCell.Factor {
    var parameter: Int {
        switch self {
        case let .parameter(p): return p
        case let .normsys(p, _, _): return p
        }
    }
}
