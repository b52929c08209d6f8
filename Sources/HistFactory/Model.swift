/// A HistFactory probability model built from a workspace measurement, laid out exactly as pyhf
/// 0.7.6 lays it out: channels and samples sorted by name, parameters in pyhf's `par_order`
/// (modifier types in the order histosys, lumi, normfactor, normsys, shapefactor, shapesys,
/// staterror; within a type, first appearance in the sorted channel × sample × modifier walk;
/// staterror sets sorted by name), auxiliary data in parameter order.
///
/// f(n, a | θ) = Π_c Π_b Pois(n_cb | ν_cb(θ)) · Π_χ c_χ(a_χ | χ)
public struct Model: Sendable {
    public struct Channel: Equatable, Sendable {
        public let name: String
        public let binCount: Int
        /// Index of the channel's first bin in the main data.
        public let binOffset: Int
        public var bins: Range<Int> { binOffset..<(binOffset + binCount) }
    }

    /// Channels in pyhf's (sorted) order.
    public let channels: [Channel]
    /// Sample names in pyhf's (sorted) order.
    public let sampleNames: [String]
    /// Parameter sets in pyhf's `par_order`.
    public let parameterSets: [ParameterSet]
    /// Index of the parameter of interest in the flat parameter vector.
    public let poiIndex: Int
    /// The interpolation code used for each modifier type with variations.
    public let interpolationCodes: InterpolationCodes

    /// The templates, flattened for evaluation.
    let plan: EvaluationPlan

    init(
        channels: [Channel], sampleNames: [String], parameterSets: [ParameterSet], poiIndex: Int,
        interpolationCodes: InterpolationCodes, templates: [SampleTemplate], widthSources: [String: [ConstraintWidth]]
    ) {
        self.channels = channels
        self.sampleNames = sampleNames
        self.parameterSets = parameterSets
        self.poiIndex = poiIndex
        self.interpolationCodes = interpolationCodes
        self.plan = EvaluationPlan(templates: templates, mainBinCount: channels.last.map { $0.binOffset + $0.binCount } ?? 0)
        self.parameterNames = parameterSets.flatMap(\.componentNames)
        self.constrainedSets = parameterSets.filter(\.isConstrained)
        self.kinkedParameters = plan.parametersWithKinks
        self.cells = templates.flatMap(\.cells)
        self.constraintWidths = parameterSets.flatMap { set -> [ConstraintWidth?] in
            if let sources = widthSources[set.name] { return sources }
            switch set.constraint {
            case .unconstrained: return Array(repeating: nil, count: set.count)
            case let .gaussian(sigmas): return sigmas.map { .constant($0) }
            case let .poisson(factors): return factors.map { .constant($0) }
            }
        }
        self.hessianStructure = HessianStructure(model: self)
    }

    /// Every (sample, bin) of the model with the slots of its template numbers, in model order.
    public let cells: [ModelCell]
    /// For each parameter, the width of its constraint term (σ, or τ for Poisson constraints) and
    /// what it depends on; nil when unconstrained.
    public let constraintWidths: [ConstraintWidth?]

    /// Parameters interpolated with a code that has a kink at 0 (code0, code1): there the
    /// likelihood may have its minimum on the kink, where Newton steps do not apply.
    let kinkedParameters: Set<Int>
    /// Which parameters couple to one bin only (block-arrowhead Hessian), for the fitter.
    private(set) var hessianStructure: HessianStructure?

    /// Flat parameter names, `name[i]` for bin-wise sets (pyhf `config.par_names`).
    public let parameterNames: [String]
    let constrainedSets: [ParameterSet]

    public var parameterCount: Int { parameterNames.count }
    public var mainBinCount: Int { channels.last.map { $0.binOffset + $0.binCount } ?? 0 }
    public var auxiliaryCount: Int { constrainedSets.reduce(0) { $0 + $1.count } }

    public var poiName: String { parameterNames[poiIndex] }
    public var suggestedInit: [Double] { parameterSets.flatMap(\.inits) }
    public var suggestedBounds: [Bounds] { parameterSets.flatMap(\.bounds) }
    public var suggestedFixed: [Bool] { parameterSets.flatMap(\.fixed) }
    /// The nominal auxiliary data, in parameter order (pyhf `config.auxdata`).
    public var auxdata: [Double] { constrainedSets.flatMap(\.auxdata) }

    /// The flat index of a parameter named as pyhf names it (`mu`, `gamma_stat[2]`).
    public func parameterIndex(named name: String) -> Int? {
        parameterNames.firstIndex(of: name)
    }
}

/// Which interpolation code each modifier type uses (pyhf `modifier_settings`).
public struct InterpolationCodes: Equatable, Sendable {
    public var normsys: InterpolationCode
    public var histosys: InterpolationCode

    /// pyhf 0.7.6 defaults: normsys code4, histosys code4p.
    public static let pyhfDefaults = InterpolationCodes(normsys: .code4, histosys: .code4p)

    public init(normsys: InterpolationCode = .code4, histosys: InterpolationCode = .code4p) {
        self.normsys = normsys
        self.histosys = histosys
    }

    /// Parses `TYPE=CODE` settings such as `normsys=code1`.
    public mutating func apply(setting: String) throws {
        let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw WorkspaceError(at: "--interpcode", "expected TYPE=CODE (e.g. normsys=code1), got '\(setting)'")
        }
        guard let code = InterpolationCode(rawValue: parts[1]) else {
            let codes = InterpolationCode.allCases.map(\.rawValue).joined(separator: ", ")
            throw WorkspaceError(at: "--interpcode", "unknown interpolation code '\(parts[1])' (expected one of \(codes))")
        }
        switch parts[0] {
        case "normsys": normsys = code
        case "histosys": histosys = code
        default:
            throw WorkspaceError(at: "--interpcode", "interpolation applies to normsys or histosys, not '\(parts[0])'")
        }
    }
}
