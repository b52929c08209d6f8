/// The model's templates flattened for evaluation: one *cell* per (sample, bin), grouped by main
/// bin, with the factors and additive terms of every cell in contiguous arrays of plain values.
/// The likelihood's inner loop then reads only flat arrays of trivial structs: no enum payloads or
/// nested arrays, hence no reference counting per cell.
struct EvaluationPlan: Sendable {
    /// A multiplicative term κ(θ_parameter): θ itself when `interpolator` < 0, else the
    /// interpolation `interpolators[interpolator]` (normsys).
    struct Term: Sendable {
        let parameter: Int
        let interpolator: Int
    }

    /// Cells of main bin b: `binCellStart[b]..<binCellStart[b + 1]`.
    let binCellStart: [Int]
    let cellNominal: [Double]
    /// Factors of cell c: `factors[cellFactorStart[c]..<cellFactorStart[c + 1]]`.
    let cellFactorStart: [Int]
    let factors: [Term]
    /// Additive terms of cell c (histosys, always interpolated).
    let cellDeltaStart: [Int]
    let deltas: [Term]
    let interpolators: [TemplateInterpolator]

    init(templates: [SampleTemplate], mainBinCount: Int) {
        // Bucket the (sample, bin) cells by main bin, keeping the samples' model order in each bin.
        var buckets = [[(template: SampleTemplate, local: Int)]](repeating: [], count: mainBinCount)
        for template in templates {
            for local in template.nominal.indices { buckets[template.binOffset + local].append((template, local)) }
        }
        let cells = buckets.flatMap { $0 }
        var binCellStart = [0]
        for bucket in buckets { binCellStart.append(binCellStart.last! + bucket.count) }

        var nominal: [Double] = [], factorStart = [0], deltaStart = [0]
        var factors: [Term] = [], deltas: [Term] = [], interpolators: [TemplateInterpolator] = []
        for (template, local) in cells {
            nominal.append(template.nominal[local])
            for factor in template.factors {
                switch factor {
                case let .scalar(p):
                    factors.append(Term(parameter: p, interpolator: -1))
                case let .binwise(ps):
                    factors.append(Term(parameter: ps[local], interpolator: -1))
                case let .interpolated(p, bins, _, _):
                    factors.append(Term(parameter: p, interpolator: interpolators.count))
                    interpolators.append(bins[local])
                }
            }
            for delta in template.deltas {
                deltas.append(Term(parameter: delta.parameter, interpolator: interpolators.count))
                interpolators.append(delta.bins[local])
            }
            factorStart.append(factors.count)
            deltaStart.append(deltas.count)
        }
        self.binCellStart = binCellStart
        self.cellNominal = nominal
        self.cellFactorStart = factorStart
        self.factors = factors
        self.cellDeltaStart = deltaStart
        self.deltas = deltas
        self.interpolators = interpolators
    }

    /// Parameters interpolated with a code that has a kink at 0 (code0, code1).
    var parametersWithKinks: Set<Int> {
        Set((factors + deltas).filter { $0.interpolator >= 0 && interpolators[$0.interpolator].code.hasKinkAtZero }.map(\.parameter))
    }
}
