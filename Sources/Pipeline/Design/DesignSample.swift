import GSL

/// Events of the INFERNO problem with the detector's fixed random numbers: signal and background
/// (true features, N × 3 each) and, for every event, its row of standard-normal noise, drawn once
/// from a seeded stream. The noise travels with its event through every shuffle, so each event
/// keeps its own ε for the whole optimisation (common random numbers: the objective is a smooth,
/// deterministic function of ψ).
public struct DesignSample: Sendable {
    public let signal: [Double]
    public let signalNoise: [Double]
    public let background: [Double]
    public let backgroundNoise: [Double]
    public let noisePerEvent: Int

    public var count: Int { signal.count / InfernoProblem.features }

    /// n events per class: the events from `RandomStream(seed: seed)` as `InfernoProblem` draws
    /// them, the noise from a second stream seeded with `seed + 1`.
    public init(events n: Int, seed: UInt, noisePerEvent: Int) {
        let events = RandomStream(seed: seed), noise = RandomStream(seed: seed + 1)
        signal = InfernoProblem.signal(count: n, stream: events)
        background = InfernoProblem.background(count: n, stream: events)
        signalNoise = (0..<(n * noisePerEvent)).map { _ in noise.gaussian() }
        backgroundNoise = (0..<(n * noisePerEvent)).map { _ in noise.gaussian() }
        self.noisePerEvent = noisePerEvent
    }

    /// The whole sample as one batch.
    public var batch: DesignBatch {
        DesignBatch(signal: signal, signalNoise: signalNoise, background: background, backgroundNoise: backgroundNoise)
    }

    /// The batch of the signal events `signalRows` and the background events `backgroundRows`.
    public func batch(signalRows: ArraySlice<Int>, backgroundRows: ArraySlice<Int>) -> DesignBatch {
        let width = InfernoProblem.features
        return DesignBatch(
            signal: EpochOrder.rows(signal, width: width, signalRows),
            signalNoise: EpochOrder.rows(signalNoise, width: noisePerEvent, signalRows),
            background: EpochOrder.rows(background, width: width, backgroundRows),
            backgroundNoise: EpochOrder.rows(backgroundNoise, width: noisePerEvent, backgroundRows)
        )
    }
}

/// One batch of true events with their noise, and the background moved to the template
/// variations of the INFERNO evaluation protocol (r = ±0.2, λ = 3 ± 0.5; ``HardTemplates``).
public struct DesignBatch: Sendable {
    public let signal: [Double]
    public let signalNoise: [Double]
    public let backgroundNoise: [Double]
    /// The background at the nominal point, r = +0.2, r = −0.2, λ = 3.5, λ = 2.5, in that order.
    public let backgrounds: [[Double]]

    public static let shiftStep = 0.2
    public static let rateStep = 0.5

    public init(signal: [Double], signalNoise: [Double], background: [Double], backgroundNoise: [Double]) {
        self.signal = signal
        self.signalNoise = signalNoise
        self.backgroundNoise = backgroundNoise
        let lambda = InfernoProblem.nominalRate
        backgrounds = [background] + [(Self.shiftStep, lambda), (-Self.shiftStep, lambda), (0, lambda + Self.rateStep), (0, lambda - Self.rateStep)]
            .map { InfernoProblem.transform(background: background, shift: $0.0, rate: $0.1) }
    }
}
