import GSL

/// The toy (pseudo-experiment) calculator of pyhf (`infer/calculators.py`, `ToyCalculator`):
/// CLs from the distributions of the test statistic over datasets drawn from the model, where
/// the asymptotic formulae do not hold (few events).
///
/// For a tested μ, the toys of the signal-plus-background hypothesis are drawn at θ̂̂(μ) and those
/// of the background-only hypothesis at θ̂̂(0), both fitted to the observed data with the POI
/// held (pyhf `fixed_poi_fit`). A toy draws every main bin from Poisson(ν_b(θ)) and every
/// auxiliary measurement from its constraint at θ: Gauss(θ, σ) or Poisson(τθ) (pyhf
/// `make_pdf(pars).sample()`); its test statistic q is computed as for the data. With the
/// observed q_obs, CL_s+b = P(q ≥ q_obs | s+b) and CL_b = P(q ≥ q_obs | b) over the toys, and
/// CLs = CL_s+b / CL_b; the expected band is the 2.275, 15.87, 50, 84.13 and 97.72 percentiles
/// of CLs evaluated at each background toy's q (ascending CLs, −2σ first), as pyhf's
/// `expected_pvalues` computes it.
///
/// Toys come in blocks of ``blockSize``: block k of the test of the i-th μ draws from a stream
/// seeded by (seed, i, k, hypothesis), so a block gives the same toys whoever runs it and in
/// whatever order, which makes sharded runs add up to the unsharded one exactly.
public struct ToyCalculator: Sendable {
    public let model: Model
    public let data: [Double]
    public let settings: FitSettings
    public let statistic: TestStatistic

    /// Toys per block: the unit of seeding and of work.
    public static let blockSize = 100

    public init(model: Model, data: [Double], settings: FitSettings? = nil, statistic: TestStatistic) {
        precondition(statistic != .q0, "the toy calculator tests upper limits (q or qtilde)")
        self.model = model
        self.data = data
        self.settings = settings ?? FitSettings(model: model)
        self.statistic = statistic
    }

    /// The number of blocks `toys` toys per hypothesis take.
    public static func blockCount(toys: Int) -> Int { (toys + blockSize - 1) / blockSize }

    /// The observed test statistic at μ and the parameters both hypotheses' toys are drawn at.
    public func hypothesis(poiValue: Double) -> ToyHypothesis {
        let free = model.fit(data: data, settings: settings, computeUncertainties: false)
        let observed = model.profiledTestStatistic(statistic, poiValue: poiValue, data: data, settings: settings, freeFit: free)
        let background = model.fixedPOIFit(poiValue: 0, data: data, settings: settings, warmStarts: [free.parameters])
        let poi = model.poiName
        return ToyHypothesis(
            poiValue: poiValue, observedStatistic: observed.value,
            signalParameters: observed.conditionalFit.parameters, backgroundParameters: background.parameters,
            fits: [
                FitRecord(name: "free fit to the observed data", status: observed.freeFit.status),
                FitRecord(name: "fit of \(poi) = \(poiValue) to the observed data (s+b toys)", status: observed.conditionalFit.status),
                FitRecord(name: "fit of \(poi) = 0 to the observed data (background toys)", status: background.status),
            ]
        )
    }

    /// One pseudo-experiment at `parameters`: main data then auxiliary data, as the model lays
    /// out its data.
    public func pseudoData(at parameters: [Double], random: RandomStream) -> [Double] {
        var toy = model.expectedMainData(parameters).map { random.poisson(mean: $0) }
        for set in model.constrainedSets {
            switch set.constraint {
            case .unconstrained:
                continue
            case let .gaussian(sigmas):
                for (k, i) in set.indices.enumerated() { toy.append(random.gaussian(mean: parameters[i], sigma: sigmas[k])) }
            case let .poisson(factors):
                for (k, i) in set.indices.enumerated() { toy.append(random.poisson(mean: parameters[i] * factors[k])) }
            }
        }
        return toy
    }

    /// The test statistics of block `block` of both hypotheses' toys (`count` toys each, at most
    /// ``blockSize``) for the test at `hypothesis`, the `pointIndex`-th μ of its run.
    /// `progress` is called after each toy with the fraction of the block done.
    public func block(
        _ block: Int, count: Int, of hypothesis: ToyHypothesis, pointIndex: Int = 0, seed: UInt,
        progress: (Double) -> Void = { _ in }
    ) -> ToyBlock {
        precondition(count >= 0 && count <= Self.blockSize)
        var result = ToyBlock(signal: [], background: [], unconvergedFits: 0)
        for (hypothesisIndex, parameters) in [hypothesis.signalParameters, hypothesis.backgroundParameters].enumerated() {
            let random = RandomStream(seed: RandomStream.derivedSeed([UInt64(seed), UInt64(pointIndex), UInt64(block), UInt64(hypothesisIndex)]))
            for toy in 0..<count {
                let pseudo = pseudoData(at: parameters, random: random)
                let free = model.fit(data: pseudo, settings: settings, computeUncertainties: false, warmStarts: [parameters], globalSearch: false)
                let q = model.profiledTestStatistic(
                    statistic, poiValue: hypothesis.poiValue, data: pseudo, settings: settings, freeFit: free, searchesGlobally: false
                )
                result.unconvergedFits += (q.freeFit.status.converged ? 0 : 1) + (q.conditionalFit.status.converged ? 0 : 1)
                if hypothesisIndex == 0 { result.signal.append(q.value) } else { result.background.append(q.value) }
                progress(Double(hypothesisIndex * count + toy + 1) / Double(2 * max(count, 1)))
            }
        }
        return result
    }
}

/// What the toys of a test at μ are drawn from.
public struct ToyHypothesis: Sendable {
    public var poiValue: Double
    /// q on the observed data.
    public var observedStatistic: Double
    /// θ̂̂(μ): where the signal-plus-background toys are drawn.
    public var signalParameters: [Double]
    /// θ̂̂(0): where the background-only toys are drawn.
    public var backgroundParameters: [Double]
    /// The fits to the observed data behind them.
    public var fits: [FitRecord]
}

/// The test statistics of one block of toys under each hypothesis.
public struct ToyBlock: Sendable, Equatable {
    public var signal: [Double]
    public var background: [Double]
    /// Fits to toys that did not converge (their q is kept, as pyhf keeps it).
    public var unconvergedFits: Int

    public init(signal: [Double], background: [Double], unconvergedFits: Int) {
        self.signal = signal
        self.background = background
        self.unconvergedFits = unconvergedFits
    }
}

extension ToyCalculator {
    /// A whole toy test at μ in this process: the hypothesis, then every block in turn.
    /// `progress` receives the fraction of the toys done.
    public func hypotest(
        poiValue: Double, toys: Int, seed: UInt, pointIndex: Int = 0, progress: (Double) -> Void = { _ in }
    ) -> (result: ToyHypotestResult, hypothesis: ToyHypothesis, unconvergedFits: Int) {
        let hypothesis = hypothesis(poiValue: poiValue)
        var signal: [Double] = [], background: [Double] = [], unconverged = 0
        let blocks = Self.blockCount(toys: toys)
        for k in 0..<blocks {
            let count = min(Self.blockSize, toys - k * Self.blockSize)
            let block = block(k, count: count, of: hypothesis, pointIndex: pointIndex, seed: seed) { fraction in
                progress((Double(k) + fraction) / Double(blocks))
            }
            signal += block.signal
            background += block.background
            unconverged += block.unconvergedFits
        }
        let result = ToyHypotestResult(poiValue: poiValue, observedStatistic: hypothesis.observedStatistic, signal: signal, background: background)
        return (result, hypothesis, unconverged)
    }
}
