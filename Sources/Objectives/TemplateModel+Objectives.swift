import _Differentiation
import Foundation
import HistFactory

/// The differentiable inference objectives of INFERNO and neos on a template model, all on Asimov
/// data that move with the templates. Gradients of profile-likelihood quantities use the envelope
/// theorem (∂_θ NLL = 0 at a fitted point, so d NLL(θ̂(T), T)/dT = ∂_T NLL) and, for interval
/// ends, the implicit function theorem; no derivative of a fit is ever needed.
extension TemplateModel {
    /// The suggested parameters with the POI set to `poi`.
    func nominalParameters(poi: Double) -> [Double] {
        var theta = model.suggestedInit
        theta[model.poiIndex] = poi
        return theta
    }

    /// The parameters that float: those not fixed in the model.
    var freeParameters: [Int] { (0..<model.parameterCount).filter { !model.suggestedFixed[$0] } }

    // MARK: σ_μ from the Fisher information (INFERNO)

    /// σ_μ = √[I⁻¹]_μμ of the Asimov likelihood at the suggested parameters, over the free
    /// parameters (de Castro & Dorigo, arXiv:1806.04743; neos `poi_uncert`).
    @differentiable(reverse, wrt: templates)
    public func poiUncertainty(templates: [Double]) -> Double {
        let free = withoutDerivative(at: freeParameters)
        let poi = withoutDerivative(at: free.firstIndex(of: model.poiIndex)!)
        let information = fisherInformation(at: withoutDerivative(at: model.suggestedInit), free: free, templates: templates)
        return inverseDiagonalElement(information, dimension: free.count, index: poi).squareRoot()
    }

    // MARK: Profile likelihood ratios on Asimov data

    /// q = 2[NLL(μ_test, θ̂̂) − NLL(θ_A)] on the Asimov data of θ_A = (suggested parameters with
    /// POI μ_A), whose unconditional maximum is θ_A itself; q ≥ 0.
    @differentiable(reverse, wrt: templates)
    public func asimovLikelihoodRatio(templates: [Double], asimovPOI: Double, testPOI: Double) -> Double {
        profiledRatio(templates, asimovPOI: asimovPOI, testPOI: testPOI).value
    }

    @derivative(of: asimovLikelihoodRatio, wrt: templates)
    public func vjpAsimovLikelihoodRatio(templates: [Double], asimovPOI: Double, testPOI: Double)
        -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector)
    {
        profiledRatio(templates, asimovPOI: asimovPOI, testPOI: testPOI)
    }

    /// The ratio with its envelope-theorem pullback: θ̂̂ from a HistFactory fit is held fixed while
    /// the templates move both the model and its Asimov data.
    private func profiledRatio(_ templates: [Double], asimovPOI: Double, testPOI: Double)
        -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector)
    {
        let asimovParameters = nominalParameters(poi: asimovPOI)
        guard let current = try? model(with: templates) else {
            return (.nan, { _ in Array<Double>.TangentVector([Double](repeating: .nan, count: templates.count)) })
        }
        let data = current.expectedData(asimovParameters)
        let conditional = current.fixedPOIFit(poiValue: testPOI, data: data).parameters
        let (value, pullback) = valueWithPullback(at: templates) { t in
            self.ratioAtFixedFits(conditional, asimovParameters, templates: t)
        }
        if value <= 0 { return (0, { _ in Array<Double>.TangentVector([Double](repeating: 0, count: templates.count)) }) }
        return (value, pullback)
    }

    /// 2[NLL(θ_c) − NLL(θ_A)] on the Asimov data of θ_A, with both parameter points held fixed while
    /// the templates move the model and the data: by the envelope theorem its template gradient is
    /// that of the profiled ratio.
    @differentiable(reverse, wrt: templates)
    func ratioAtFixedFits(_ conditional: [Double], _ asimovParameters: [Double], templates: [Double]) -> Double {
        let asimov = expectedData(asimovParameters, templates: templates)
        return 2 * (negativeLogLikelihood(conditional, data: asimov, templates: templates)
            - negativeLogLikelihood(asimovParameters, data: asimov, templates: templates))
    }

    /// The median expected CLs of neos (relaxed `hypotest` with `cls_method`): on Asimov data of
    /// the background-only hypothesis, CLs = 2 (1 − Φ(√q_μ)) for the tested μ (default 1).
    @differentiable(reverse, wrt: templates)
    public func expectedCLs(templates: [Double], testPOI: Double = 1) -> Double {
        let q = asimovLikelihoodRatio(templates: templates, asimovPOI: 0, testPOI: testPOI)
        return 2 * normalUpperTail(safeSquareRoot(q))
    }

    /// The median discovery significance Z₀ = √q₀ on Asimov data with μ = 1 (Cowan et al.
    /// arXiv:1007.1727, eq. 97 in the one-bin case).
    @differentiable(reverse, wrt: templates)
    public func discoverySignificance(templates: [Double]) -> Double {
        safeSquareRoot(asimovLikelihoodRatio(templates: templates, asimovPOI: 1, testPOI: 0))
    }

    /// √q with a zero (not infinite) derivative at q = 0, where a test statistic sits when the
    /// data cannot tell the hypotheses apart.
    @differentiable(reverse)
    func safeSquareRoot(_ q: Double) -> Double {
        q > 0 ? q.squareRoot() : 0
    }

    // MARK: Profile-likelihood interval width

    /// The width μ₊ − μ₋ of the 68% profile-likelihood interval (2ΔNLL = 1) on the Asimov data of the
    /// suggested parameters. An end that stays at a POI bound contributes no gradient.
    @differentiable(reverse, wrt: templates)
    public func intervalWidth(templates: [Double]) -> Double {
        intervalEnds(templates).width
    }

    @derivative(of: intervalWidth, wrt: templates)
    public func vjpIntervalWidth(templates: [Double]) -> (value: Double, pullback: (Double) -> Array<Double>.TangentVector) {
        let ends = intervalEnds(templates)
        return (ends.width, { seed in
            var gradient = [Double](repeating: 0, count: templates.count)
            for (end, sign) in [(ends.upper, 1.0), (ends.lower, -1.0)] {
                guard let end else { continue }
                for i in gradient.indices { gradient[i] += sign * seed * end[i] }
            }
            return Array<Double>.TangentVector(gradient)
        })
    }

    /// The interval and dμ±/dT by the implicit function theorem on F(μ, T) = 2ΔNLL − 1 = 0:
    /// dμ/dT = −(∂F/∂T)/(∂F/∂μ), with both partial derivatives taken at the profiled θ̂̂(μ).
    private func intervalEnds(_ templates: [Double]) -> (width: Double, lower: [Double]?, upper: [Double]?) {
        guard let current = try? model(with: templates),
              let scan = try? current.profileLikelihoodScan(data: current.expectedData(model.suggestedInit), points: 2)
        else { return (.nan, nil, nil) }
        let asimovParameters = model.suggestedInit
        func derivative(at mu: Double) -> [Double] {
            let data = current.expectedData(asimovParameters)
            let conditional = current.fixedPOIFit(poiValue: mu, data: data).parameters
            let slope = 2 * current.negativeLogLikelihood(conditional, data: data).gradient[model.poiIndex]
            let partial = gradient(at: templates) { t in
                self.ratioAtFixedFits(conditional, asimovParameters, templates: t)
            }
            return partial.base.map { -$0 / slope }
        }
        let (lower, upper) = scan.interval
        return (
            upper - lower,
            scan.lowerEndAtBound ? nil : derivative(at: lower),
            scan.upperEndAtBound ? nil : derivative(at: upper)
        )
    }
}
