extension Model {
    /// Builds the model of one measurement of a workspace (the first one when `measurement` is nil).
    public init(
        workspace: Workspace, measurement name: String? = nil,
        interpolationCodes: InterpolationCodes = .pyhfDefaults
    ) throws {
        let measurement = try workspace.measurement(named: name)
        let measurementIndex = workspace.measurements.firstIndex(of: measurement)!
        var builder = ModelBuilder(workspace: workspace, codes: interpolationCodes)
        try builder.collectRequirements()
        try builder.applyOverrides(measurement.config.parameters, at: "measurements[\(measurementIndex)].config.parameters")
        let sets = builder.parameterSets()
        guard let poi = sets.first(where: { $0.name == measurement.config.poi }) else {
            throw WorkspaceError(
                at: "measurements[\(measurementIndex)].config.poi",
                "the parameter of interest '\(measurement.config.poi)' is not a parameter of the model (parameters: \(sets.map(\.name).joined(separator: ", ")))"
            )
        }
        guard poi.isScalar else {
            throw WorkspaceError(at: "measurements[\(measurementIndex)].config.poi",
                                 "the parameter of interest '\(poi.name)' has \(poi.count) components; it must be a single parameter")
        }
        self.init(
            channels: builder.channels, sampleNames: builder.sampleNames, parameterSets: sets,
            poiIndex: poi.offset, interpolationCodes: interpolationCodes,
            templates: try builder.templates(parameterSets: sets), widthSources: builder.widthSources
        )
    }
}

/// What a modifier asks of its parameter set before measurement overrides
/// (pyhf `modifiers/*.py::required_parset`).
private struct Requirement: Equatable {
    enum Kind: Equatable { case unconstrained, gaussian, poisson }
    var kind: Kind
    var count: Int
    var isScalar: Bool
    var inits: [Double]?
    var bounds: [Bounds]?
    var fixed: [Bool]
    var auxdata: [Double]?
    /// σ for Gaussian constraints, τ for Poisson ones.
    var widths: [Double]?
    var typeName: String
}

/// The walk over a workspace that pyhf's `_nominal_and_modifiers_from_spec` performs.
private struct ModelBuilder {
    let workspace: Workspace
    let codes: InterpolationCodes
    let channels: [Model.Channel]
    let sampleNames: [String]
    /// Sorted channel index → the sorted samples of that channel, each with its JSON path and indices.
    let channelSamples: [[(sample: Workspace.Sample, path: String, channelIndex: Int, sampleIndex: Int)]]

    private var requirements: [String: Requirement] = [:]
    private var order: [String: [String]] = [:]
    /// For each staterror name, the channels (sorted indices) in which some sample carries it.
    private var staterrorChannels: [String: [Int]] = [:]
    /// Constraint widths that depend on the templates (staterror, shapesys), unless overridden.
    private(set) var widthSources: [String: [ConstraintWidth]] = [:]

    static let typeOrder = ["histosys", "lumi", "normfactor", "normsys", "shapefactor", "shapesys", "staterror"]

    init(workspace: Workspace, codes: InterpolationCodes) {
        self.workspace = workspace
        self.codes = codes
        let indexed = workspace.channels.enumerated().sorted { $0.element.name < $1.element.name }
        var offset = 0
        var channels: [Model.Channel] = []
        for (_, channel) in indexed {
            channels.append(Model.Channel(name: channel.name, binCount: channel.samples[0].data.count, binOffset: offset))
            offset += channel.samples[0].data.count
        }
        self.channels = channels
        self.channelSamples = indexed.map { c, channel in
            channel.samples.enumerated()
                .map { (sample: $0.element, path: "channels[\(c)].samples[\($0.offset)]", channelIndex: c, sampleIndex: $0.offset) }
                .sorted { $0.sample.name < $1.sample.name }
        }
        self.sampleNames = Array(Set(workspace.channels.flatMap { $0.samples.map(\.name) })).sorted()
    }

    /// A sample's modifiers in pyhf's walk order: sorted by (name, type).
    private func sortedModifiers(_ sample: Workspace.Sample) -> [(modifier: Modifier, index: Int)] {
        sample.modifiers.enumerated()
            .map { (modifier: $0.element, index: $0.offset) }
            .sorted { ($0.modifier.name, $0.modifier.kind.typeName) < ($1.modifier.name, $1.modifier.kind.typeName) }
    }

    mutating func collectRequirements() throws {
        var shapesysSeen: [String: String] = [:]
        for (c, samples) in channelSamples.enumerated() {
            let bins = channels[c].binCount
            for (sample, path, channelIndex, sampleIndex) in samples {
                for (modifier, m) in sortedModifiers(sample) {
                    let place = "\(path).modifiers[\(m)]"
                    let requirement: Requirement
                    switch modifier.kind {
                    case .normsys, .histosys:
                        requirement = Requirement(kind: .gaussian, count: 1, isScalar: true, inits: [0], bounds: [Bounds(-5, 5)],
                                                  fixed: [false], auxdata: [0], widths: [1], typeName: modifier.kind.typeName)
                    case .lumi:
                        requirement = Requirement(kind: .gaussian, count: 1, isScalar: true, inits: nil, bounds: nil,
                                                  fixed: [false], auxdata: nil, widths: nil, typeName: "lumi")
                    case .normfactor:
                        requirement = Requirement(kind: .unconstrained, count: 1, isScalar: true, inits: [1], bounds: [Bounds(0, 10)],
                                                  fixed: [false], auxdata: nil, widths: nil, typeName: "normfactor")
                    case .shapefactor:
                        requirement = Requirement(kind: .unconstrained, count: bins, isScalar: false, inits: Array(repeating: 1, count: bins),
                                                  bounds: Array(repeating: Bounds(0, 10), count: bins), fixed: Array(repeating: false, count: bins),
                                                  auxdata: nil, widths: nil, typeName: "shapefactor")
                    case let .shapesys(uncertainties):
                        if let first = shapesysSeen[modifier.name] {
                            throw WorkspaceError(at: place, "shapesys '\(modifier.name)' is already used at \(first); a shapesys parameter cannot be shared between samples or channels")
                        }
                        shapesysSeen[modifier.name] = place
                        // τ_b = (ν⁰_b/σ_b)²; bins with ν⁰_b = 0 or σ_b = 0 get τ = 1 and a fixed γ (pyhf shapesys.required_parset).
                        let valid = zip(sample.data, uncertainties).map { $0 > 0 && $1 > 0 }
                        let tau = zip(valid, zip(sample.data, uncertainties)).map { $0 ? ($1.0 * $1.0) / ($1.1 * $1.1) : 1 }
                        widthSources[modifier.name] = valid.indices.map { b in
                            valid[b]
                                ? .shapesys(nominal: TemplateSlot(channel: channelIndex, sample: sampleIndex, modifier: nil, field: .nominal, bin: b),
                                            uncertainty: TemplateSlot(channel: channelIndex, sample: sampleIndex, modifier: m, field: .uncertainty, bin: b))
                                : .constant(1)
                        }
                        requirement = Requirement(kind: .poisson, count: bins, isScalar: false, inits: Array(repeating: 1, count: bins),
                                                  bounds: Array(repeating: Bounds(1e-10, 10), count: bins), fixed: valid.map { !$0 },
                                                  auxdata: tau, widths: tau, typeName: "shapesys")
                    case .staterror:
                        if staterrorChannels[modifier.name]?.last != c { staterrorChannels[modifier.name, default: []].append(c) }
                        continue
                    }
                    try register(modifier.name, requirement, at: place)
                }
            }
        }
        for name in staterrorChannels.keys.sorted() {
            let (requirement, widths) = staterrorRequirement(name)
            widthSources[name] = widths
            try register(name, requirement, at: "staterror '\(name)'")
        }
    }

    /// δ_b = √(Σ_s σ_sb²) / Σ_s ν⁰_sb over the samples carrying the staterror (pyhf staterror_builder.finalize);
    /// bins with δ_b = 0 are fixed, with σ set to 1.
    private func staterrorRequirement(_ name: String) -> (Requirement, [ConstraintWidth]) {
        let carriers = Set(channelSamples.flatMap { $0 }.filter { has("staterror", name, $0.sample) }.map(\.sample.name))
        var sigmas: [Double] = []
        var widths: [ConstraintWidth] = []
        for c in staterrorChannels[name]! {
            for bin in 0..<channels[c].binCount {
                let carrying = channelSamples[c].filter { carriers.contains($0.sample.name) }
                let total = carrying.reduce(0) { $0 + $1.sample.data[bin] }
                var uncertainties: [Double] = []
                var uncertaintySlots: [TemplateSlot] = []
                for entry in channelSamples[c] where total > 0 {
                    for (m, modifier) in entry.sample.modifiers.enumerated() where modifier.name == name {
                        guard case let .staterror(values) = modifier.kind else { continue }
                        uncertainties.append(values[bin])
                        uncertaintySlots.append(TemplateSlot(channel: entry.channelIndex, sample: entry.sampleIndex, modifier: m, field: .uncertainty, bin: bin))
                    }
                }
                let relative = uncertainties.reduce(0) { $0 + ($1 / total) * ($1 / total) }.squareRoot()
                sigmas.append(relative)
                widths.append(relative == 0 ? .constant(1) : .staterror(
                    uncertainties: uncertaintySlots,
                    nominals: carrying.map { TemplateSlot(channel: $0.channelIndex, sample: $0.sampleIndex, modifier: nil, field: .nominal, bin: bin) }
                ))
            }
        }
        let count = sigmas.count
        let requirement = Requirement(
            kind: .gaussian, count: count, isScalar: false, inits: Array(repeating: 1, count: count),
            bounds: Array(repeating: Bounds(1e-10, 10), count: count), fixed: sigmas.map { $0 == 0 },
            auxdata: Array(repeating: 1, count: count), widths: sigmas.map { $0 == 0 ? 1 : $0 }, typeName: "staterror"
        )
        return (requirement, widths)
    }

    private func has(_ type: String, _ name: String, _ sample: Workspace.Sample) -> Bool {
        sample.modifiers.contains { $0.name == name && $0.kind.typeName == type }
    }

    private mutating func register(_ name: String, _ requirement: Requirement, at place: String) throws {
        if let existing = requirements[name] {
            // Within one type the first occurrence defines the set (pyhf builders use setdefault).
            if existing.typeName == requirement.typeName { return }
            var comparable = requirement
            comparable.typeName = existing.typeName
            guard comparable == existing else {
                throw WorkspaceError(at: place, "modifier '\(name)' (\(requirement.typeName)) reuses the name of a \(existing.typeName) modifier with different parameter settings; use distinct names")
            }
            return
        }
        requirements[name] = requirement
        order[requirement.typeName, default: []].append(name)
    }

    mutating func applyOverrides(_ configs: [Workspace.ParameterConfig], at place: String) throws {
        var seen = Set<String>()
        for (j, config) in configs.enumerated() {
            let here = "\(place)[\(j)]"
            guard seen.insert(config.name).inserted else {
                throw WorkspaceError(at: here, "parameter '\(config.name)' is configured twice")
            }
            // pyhf ignores settings for parameters the model does not have.
            guard var requirement = requirements[config.name] else { continue }
            func checkCount(_ values: [Any]?, _ key: String) throws {
                if let values, values.count != requirement.count {
                    throw WorkspaceError(at: "\(here).\(key)", "expected \(requirement.count) values for '\(config.name)', found \(values.count)")
                }
            }
            try checkCount(config.inits, "inits")
            try checkCount(config.bounds, "bounds")
            try checkCount(config.auxdata, "auxdata")
            try checkCount(config.sigmas, "sigmas")
            try checkCount(config.factors, "factors")
            if let inits = config.inits {
                for (i, value) in inits.enumerated() where !value.isFinite {
                    throw WorkspaceError(at: "\(here).inits[\(i)]", "expected a finite number, found \(value)")
                }
                requirement.inits = inits
            }
            if let bounds = config.bounds {
                requirement.bounds = try bounds.enumerated().map { i, pair in
                    guard pair.count == 2, pair[0].isFinite, pair[1].isFinite, pair[0] < pair[1] else {
                        throw WorkspaceError(at: "\(here).bounds[\(i)]", "expected [lower, upper] with lower < upper, found \(pair)")
                    }
                    return Bounds(pair[0], pair[1])
                }
            }
            if let fixed = config.fixed { requirement.fixed = Array(repeating: fixed, count: requirement.count) }
            if let auxdata = config.auxdata {
                guard requirement.kind != .unconstrained else {
                    throw WorkspaceError(at: "\(here).auxdata", "'\(config.name)' has no constraint term, so it takes no auxdata")
                }
                requirement.auxdata = auxdata
            }
            if config.sigmas != nil || config.factors != nil { widthSources[config.name] = nil }
            if let sigmas = config.sigmas {
                guard requirement.kind == .gaussian else {
                    throw WorkspaceError(at: "\(here).sigmas", "'\(config.name)' has no Gaussian constraint, so it takes no sigmas")
                }
                for (i, sigma) in sigmas.enumerated() where !(sigma.isFinite && sigma > 0) {
                    throw WorkspaceError(at: "\(here).sigmas[\(i)]", "expected a positive width, found \(sigma)")
                }
                requirement.widths = sigmas
            }
            if let factors = config.factors {
                guard requirement.kind == .poisson else {
                    throw WorkspaceError(at: "\(here).factors", "'\(config.name)' has no Poisson constraint, so it takes no factors")
                }
                requirement.widths = factors
            }
            if let inits = requirement.inits, let bounds = requirement.bounds {
                for (i, (value, bound)) in zip(inits, bounds).enumerated() where !bound.contains(value) {
                    let component = requirement.isScalar ? config.name : "\(config.name)[\(i)]"
                    throw WorkspaceError(at: here, "init \(value) of '\(component)' is outside its bounds [\(bound.lower), \(bound.upper)]")
                }
            }
            requirements[config.name] = requirement
        }
    }

    /// The parameter sets in pyhf's `par_order`, with flat offsets.
    func parameterSets() -> [ParameterSet] {
        var sets: [ParameterSet] = []
        var offset = 0
        for type in Self.typeOrder {
            for name in order[type] ?? [] {
                let r = requirements[name]!
                let constraint: ParameterSet.Constraint
                switch r.kind {
                case .unconstrained: constraint = .unconstrained
                case .gaussian: constraint = .gaussian(sigmas: r.widths ?? [])
                case .poisson: constraint = .poisson(factors: r.widths ?? [])
                }
                sets.append(ParameterSet(
                    name: name, offset: offset, count: r.count, isScalar: r.isScalar,
                    inits: r.inits ?? [], bounds: r.bounds ?? [], fixed: r.fixed,
                    auxdata: r.kind == .unconstrained ? [] : (r.auxdata ?? []), constraint: constraint
                ))
                offset += r.count
            }
        }
        return sets
    }

    /// Compiles every (channel, sample) into a template with resolved parameter indices.
    func templates(parameterSets sets: [ParameterSet]) throws -> [SampleTemplate] {
        for set in sets {
            let missing = [set.inits.isEmpty ? "inits" : nil, set.bounds.isEmpty ? "bounds" : nil,
                           set.isConstrained && set.auxdata.isEmpty ? "auxdata" : nil,
                           set.widths?.isEmpty == true ? "sigmas" : nil].compactMap { $0 }
            if !missing.isEmpty {
                throw WorkspaceError(at: "parameter '\(set.name)'",
                                     "needs \(missing.joined(separator: ", ")) in the measurement's config.parameters (pyhf requires them for lumi)")
            }
        }
        let offsets = Dictionary(uniqueKeysWithValues: sets.map { ($0.name, $0.offset) })
        var templates: [SampleTemplate] = []
        for (c, samples) in channelSamples.enumerated() {
            let channel = channels[c]
            for (sample, path, channelIndex, sampleIndex) in samples {
                func slot(_ modifier: Int?, _ field: TemplateSlot.Field, _ bin: Int?) -> TemplateSlot {
                    TemplateSlot(channel: channelIndex, sample: sampleIndex, modifier: modifier, field: field, bin: bin)
                }
                var template = SampleTemplate(
                    binOffset: channel.binOffset, nominal: sample.data,
                    nominalSlots: sample.data.indices.map { slot(nil, .nominal, $0) }
                )
                for (modifier, m) in sortedModifiers(sample) {
                    let place = "\(path).modifiers[\(m)]"
                    let p = offsets[modifier.name]!
                    switch modifier.kind {
                    case .normfactor, .lumi:
                        template.factors.append(.scalar(parameter: p))
                    case .shapesys:
                        template.factors.append(.binwise(parameters: Array(p..<(p + channel.binCount))))
                    case .shapefactor:
                        let count = sets.first { $0.name == modifier.name }!.count
                        guard channel.binCount <= count else {
                            throw WorkspaceError(at: place, "shapefactor '\(modifier.name)' has \(count) parameters but channel '\(channel.name)' has \(channel.binCount) bins")
                        }
                        template.factors.append(.binwise(parameters: Array(p..<(p + channel.binCount))))
                    case .staterror:
                        let before = staterrorChannels[modifier.name]!.prefix { $0 != c }.reduce(0) { $0 + channels[$1].binCount }
                        template.factors.append(.binwise(parameters: Array((p + before)..<(p + before + channel.binCount))))
                    case let .normsys(hi, lo):
                        let interpolator = TemplateInterpolator(code: codes.normsys, lo: lo, nominal: 1, hi: hi)
                        template.factors.append(.interpolated(
                            parameter: p, bins: Array(repeating: interpolator, count: channel.binCount),
                            hi: slot(m, .hi, nil), lo: slot(m, .lo, nil)
                        ))
                    case let .histosys(hiData, loData):
                        if codes.histosys.isMultiplicative {
                            for b in 0..<channel.binCount where sample.data[b] > 0 && (hiData[b] <= 0 || loData[b] <= 0) {
                                throw WorkspaceError(at: "\(place).data", "\(codes.histosys.rawValue) interpolates ratios, so hi_data and lo_data must be positive where the nominal is (bin \(b))")
                            }
                        }
                        let bins = (0..<channel.binCount).map {
                            TemplateInterpolator(code: codes.histosys, lo: loData[$0], nominal: sample.data[$0], hi: hiData[$0])
                        }
                        template.deltas.append(DeltaModifier(
                            parameter: p, bins: bins,
                            hiSlots: bins.indices.map { slot(m, .hiData, $0) }, loSlots: bins.indices.map { slot(m, .loData, $0) }
                        ))
                    }
                }
                templates.append(template)
            }
        }
        return templates
    }
}
