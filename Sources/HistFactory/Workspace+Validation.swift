/// Structural checks a Codable decode cannot make: bin counts, finite non-negative yields,
/// one observation per channel, unique names.
extension Workspace {
    public func validate() throws {
        guard version == "1.0.0" else {
            throw WorkspaceError(at: "version", "unsupported schema version '\(version)' (expected \"1.0.0\")")
        }
        try require(!channels.isEmpty, at: "channels", "a workspace needs at least one channel")
        try require(!measurements.isEmpty, at: "measurements", "a workspace needs at least one measurement")
        try checkUnique(channels.map(\.name), at: "channels", what: "channel")
        for (c, channel) in channels.enumerated() {
            try validate(channel, at: "channels[\(c)]")
        }
        for (o, observation) in observations.enumerated() {
            let place = "observations[\(o)]"
            guard let channel = channels.first(where: { $0.name == observation.name }) else {
                throw WorkspaceError(at: "\(place).name", "observation for unknown channel '\(observation.name)'")
            }
            try checkYields(observation.data, count: channel.samples[0].data.count, at: "\(place).data")
        }
        try checkUnique(observations.map(\.name), at: "observations", what: "observation")
        for channel in channels where !observations.contains(where: { $0.name == channel.name }) {
            throw WorkspaceError(at: "observations", "missing observation for channel '\(channel.name)'")
        }
        try checkUnique(measurements.map(\.name), at: "measurements", what: "measurement")
    }

    private func validate(_ channel: Channel, at place: String) throws {
        try require(!channel.samples.isEmpty, at: "\(place).samples", "channel '\(channel.name)' has no samples")
        try checkUnique(channel.samples.map(\.name), at: "\(place).samples", what: "sample")
        let bins = channel.samples[0].data.count
        try require(bins > 0, at: "\(place).samples[0].data", "a sample needs at least one bin")
        for (s, sample) in channel.samples.enumerated() {
            let samplePlace = "\(place).samples[\(s)]"
            try checkYields(sample.data, count: bins, at: "\(samplePlace).data")
            var seen = Set<String>()
            for (m, modifier) in sample.modifiers.enumerated() {
                let modifierPlace = "\(samplePlace).modifiers[\(m)]"
                let key = "\(modifier.kind.typeName)/\(modifier.name)"
                try require(seen.insert(key).inserted, at: modifierPlace,
                            "modifier '\(modifier.name)' of type \(modifier.kind.typeName) appears twice on sample '\(sample.name)'")
                try validate(modifier.kind, bins: bins, at: "\(modifierPlace).data")
            }
        }
    }

    private func validate(_ kind: Modifier.Kind, bins: Int, at place: String) throws {
        switch kind {
        case .normfactor, .lumi, .shapefactor:
            return
        case let .normsys(hi, lo):
            try require(hi.isFinite && hi > 0, at: "\(place).hi", "normsys factor must be finite and positive, got \(hi)")
            try require(lo.isFinite && lo > 0, at: "\(place).lo", "normsys factor must be finite and positive, got \(lo)")
        case let .histosys(hiData, loData):
            try checkYields(hiData, count: bins, at: "\(place).hi_data")
            try checkYields(loData, count: bins, at: "\(place).lo_data")
        case let .shapesys(uncertainties), let .staterror(uncertainties):
            try checkYields(uncertainties, count: bins, at: place)
        }
    }

    private func checkYields(_ values: [Double], count: Int, at place: String) throws {
        try require(values.count == count, at: place, "expected \(count) bins, found \(values.count)")
        for (i, value) in values.enumerated() {
            try require(value.isFinite, at: "\(place)[\(i)]", "expected a finite number, found \(value)")
            try require(value >= 0, at: "\(place)[\(i)]", "expected a non-negative yield, found \(value)")
        }
    }

    private func checkUnique(_ names: [String], at place: String, what: String) throws {
        var seen = Set<String>()
        for (i, name) in names.enumerated() where !seen.insert(name).inserted {
            throw WorkspaceError(at: "\(place)[\(i)].name", "duplicate \(what) name '\(name)'")
        }
    }

    private func require(_ condition: Bool, at place: String, _ message: @autoclosure () -> String) throws {
        if !condition { throw WorkspaceError(at: place, message()) }
    }
}
