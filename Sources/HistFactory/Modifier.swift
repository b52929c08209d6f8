/// One modifier of a sample, as written in a pyhf workspace (`{"name", "type", "data"}`).
///
/// | type        | effect on the sample                    | parameters          | constraint |
/// |-------------|------------------------------------------|---------------------|------------|
/// | normfactor  | × μ                                      | 1, free             | none |
/// | lumi        | × λ                                      | 1                   | Gauss(λ₀ \| λ, σ_λ) |
/// | normsys     | × κ(α; lo, hi) (code4 by default)        | 1                   | Gauss(0 \| α, 1) |
/// | histosys    | + Δ(α; lo_data, nominal, hi_data) (code4p) | 1                 | Gauss(0 \| α, 1) |
/// | shapesys    | × γ_b                                    | one per bin         | Poisson(τ_b \| γ_b τ_b), τ_b = (ν⁰_b/σ_b)² |
/// | staterror   | × γ_b (shared by the samples carrying it) | one per bin        | Gauss(1 \| γ_b, δ_b) |
/// | shapefactor | × γ_b                                    | one per bin, free   | none |
///
/// (pyhf `docs/intro.rst`, modifiers table.)
public struct Modifier: Codable, Equatable, Sendable {
    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public enum Kind: Equatable, Sendable {
        case normfactor
        case lumi
        case shapefactor
        case normsys(hi: Double, lo: Double)
        case histosys(hiData: [Double], loData: [Double])
        case shapesys(uncertainties: [Double])
        case staterror(uncertainties: [Double])

        /// The `type` string of the JSON schema.
        public var typeName: String {
            switch self {
            case .normfactor: return "normfactor"
            case .lumi: return "lumi"
            case .shapefactor: return "shapefactor"
            case .normsys: return "normsys"
            case .histosys: return "histosys"
            case .shapesys: return "shapesys"
            case .staterror: return "staterror"
            }
        }

        static let allTypeNames = ["histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror"]
    }

    private enum CodingKeys: String, CodingKey { case name, type, data }
    private enum NormsysKeys: String, CodingKey { case hi, lo }
    private enum HistosysKeys: String, CodingKey {
        case hiData = "hi_data"
        case loData = "lo_data"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "normfactor": kind = .normfactor
        case "lumi": kind = .lumi
        case "shapefactor": kind = .shapefactor
        case "normsys":
            let data = try container.nestedContainer(keyedBy: NormsysKeys.self, forKey: .data)
            kind = .normsys(hi: try data.decode(Double.self, forKey: .hi), lo: try data.decode(Double.self, forKey: .lo))
        case "histosys":
            let data = try container.nestedContainer(keyedBy: HistosysKeys.self, forKey: .data)
            kind = .histosys(
                hiData: try data.decode([Double].self, forKey: .hiData),
                loData: try data.decode([Double].self, forKey: .loData)
            )
        case "shapesys":
            kind = .shapesys(uncertainties: try container.decode([Double].self, forKey: .data))
        case "staterror":
            kind = .staterror(uncertainties: try container.decode([Double].self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription: "unknown modifier type '\(type)' (expected one of \(Kind.allTypeNames.joined(separator: ", ")))"
            )
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(kind.typeName, forKey: .type)
        switch kind {
        case .normfactor, .lumi, .shapefactor:
            try container.encodeNil(forKey: .data)
        case let .normsys(hi, lo):
            var data = container.nestedContainer(keyedBy: NormsysKeys.self, forKey: .data)
            try data.encode(hi, forKey: .hi)
            try data.encode(lo, forKey: .lo)
        case let .histosys(hiData, loData):
            var data = container.nestedContainer(keyedBy: HistosysKeys.self, forKey: .data)
            try data.encode(hiData, forKey: .hiData)
            try data.encode(loData, forKey: .loData)
        case let .shapesys(uncertainties), let .staterror(uncertainties):
            try container.encode(uncertainties, forKey: .data)
        }
    }
}
