import HistFactory

/// A HistFactory model whose template numbers (nominal bins, histosys `hi_data`/`lo_data`, normsys
/// `hi`/`lo`) are the inputs of differentiable functions. The structure, parameter layout and
/// conventions come from the HistFactory model of a reference workspace; the numbers are a flat
/// vector `templates`, one entry per `slots` element.
public struct TemplateModel: Sendable {
    public let workspace: Workspace
    public let measurement: String?
    public let interpolationCodes: InterpolationCodes
    /// Every template number, in `Workspace.templateSlots` order.
    public let slots: [TemplateSlot]
    /// The HistFactory model at the reference values: layout, parameters, fits.
    public let model: Model
    let slotIndex: [TemplateSlot: Int]
    /// The model's cells with their slots resolved to positions in `templates`.
    let cells: [ResolvedCell]
    let constraints: [ResolvedConstraint]

    public init(workspace: Workspace, measurement: String? = nil, interpolationCodes: InterpolationCodes = .pyhfDefaults) throws {
        self.workspace = workspace
        self.measurement = measurement
        self.interpolationCodes = interpolationCodes
        let model = try Model(workspace: workspace, measurement: measurement, interpolationCodes: interpolationCodes)
        self.model = model
        self.slots = workspace.templateSlots
        let slotIndex = Dictionary(uniqueKeysWithValues: slots.enumerated().map { ($0.element, $0.offset) })
        self.slotIndex = slotIndex
        self.cells = model.cells.map { ResolvedCell($0, slotIndex) }
        self.constraints = model.parameterSets.flatMap { set in
            set.indices.compactMap { i in model.constraintWidths[i].map { ResolvedConstraint(parameter: i, set: set, width: $0, slotIndex) } }
        }
    }

    /// The template values of the reference workspace.
    public var values: [Double] { slots.map { workspace[$0] } }

    /// `CHANNEL/SAMPLE/nominal`-style key of each template entry, with its bin (nil for normsys).
    public var keys: [(key: String, bin: Int?)] { slots.map { (workspace.key(of: $0), $0.bin) } }

    /// Checks template values before they enter the differentiable objectives (which cannot throw):
    /// one per slot, finite, non-negative, every sample with a positive total nominal yield, and
    /// normsys factors positive. Errors name the template key and bin.
    public func validate(_ templates: [Double]) throws {
        guard templates.count == slots.count else {
            throw WorkspaceError(at: "templates", "expected \(slots.count) template values, got \(templates.count)")
        }
        var totals: [String: Double] = [:]
        for ((key, bin), value) in zip(keys, templates) {
            let place = bin.map { "\(key)[\($0)]" } ?? key
            guard value.isFinite else { throw WorkspaceError(at: place, "expected a finite yield, found \(value)") }
            guard value >= 0 else { throw WorkspaceError(at: place, "expected a non-negative yield, found \(value)") }
            if bin == nil && value == 0 { throw WorkspaceError(at: place, "a normsys factor must be positive") }
            if key.hasSuffix("/nominal") { totals[key, default: 0] += value }
        }
        for (key, total) in totals.sorted(by: { $0.key < $1.key }) where total <= 0 {
            throw WorkspaceError(at: key, "the sample has zero total yield, so it cannot be fitted or constrained")
        }
    }

    /// The workspace with these template values.
    public func workspace(with templates: [Double]) -> Workspace {
        workspace.replacing(slots, with: templates)
    }

    /// The HistFactory model with these template values (for fits).
    public func model(with templates: [Double]) throws -> Model {
        try Model(workspace: workspace(with: templates), measurement: measurement, interpolationCodes: interpolationCodes)
    }
}

/// A `ModelCell` with template slots replaced by their positions in the template vector.
struct ResolvedCell: Sendable {
    enum Factor: Sendable {
        case parameter(Int)
        case normsys(parameter: Int, hi: Int, lo: Int)
    }
    struct Delta: Sendable {
        let parameter: Int
        let hi: Int
        let lo: Int
    }
    let bin: Int
    let nominal: Int
    let factors: [Factor]
    let deltas: [Delta]

    init(_ cell: ModelCell, _ index: [TemplateSlot: Int]) {
        bin = cell.bin
        nominal = index[cell.nominal]!
        factors = cell.factors.map { factor in
            switch factor {
            case let .parameter(p): return .parameter(p)
            case let .normsys(p, hi, lo): return .normsys(parameter: p, hi: index[hi]!, lo: index[lo]!)
            }
        }
        deltas = cell.deltas.map { Delta(parameter: $0.parameter, hi: index[$0.hi]!, lo: index[$0.lo]!) }
    }
}

/// One constraint term with its width resolved to template positions.
struct ResolvedConstraint: Sendable {
    enum Width: Sendable {
        case constant(Double)
        case staterror(uncertainties: [Int], nominals: [Int])
        case shapesys(nominal: Int, uncertainty: Int)
    }
    let parameter: Int
    let isPoisson: Bool
    let width: Width

    init(parameter: Int, set: ParameterSet, width: ConstraintWidth, _ index: [TemplateSlot: Int]) {
        self.parameter = parameter
        if case .poisson = set.constraint { isPoisson = true } else { isPoisson = false }
        switch width {
        case let .constant(value): self.width = .constant(value)
        case let .staterror(uncertainties, nominals):
            self.width = .staterror(uncertainties: uncertainties.map { index[$0]! }, nominals: nominals.map { index[$0]! })
        case let .shapesys(nominal, uncertainty): self.width = .shapesys(nominal: index[nominal]!, uncertainty: index[uncertainty]!)
        }
    }
}
