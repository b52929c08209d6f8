import Foundation

/// A pyhf JSON workspace (schema 1.0.0): channels with samples and modifiers, the observed data of
/// every channel, and one or more measurements naming the parameter of interest and parameter
/// settings. See `docs/likelihood.rst` of pyhf and `schemas/1.0.0/defs.json`.
public struct Workspace: Codable, Equatable, Sendable {
    public var channels: [Channel]
    public var observations: [Observation]
    public var measurements: [Measurement]
    public var version: String

    public init(channels: [Channel], observations: [Observation], measurements: [Measurement], version: String = "1.0.0") {
        self.channels = channels
        self.observations = observations
        self.measurements = measurements
        self.version = version
    }

    public struct Channel: Codable, Equatable, Sendable {
        public var name: String
        public var samples: [Sample]
        public init(name: String, samples: [Sample]) {
            self.name = name
            self.samples = samples
        }
    }

    public struct Sample: Codable, Equatable, Sendable {
        public var name: String
        public var data: [Double]
        public var modifiers: [Modifier]
        public init(name: String, data: [Double], modifiers: [Modifier]) {
            self.name = name
            self.data = data
            self.modifiers = modifiers
        }
    }

    public struct Observation: Codable, Equatable, Sendable {
        /// The channel this observation belongs to.
        public var name: String
        public var data: [Double]
        public init(name: String, data: [Double]) {
            self.name = name
            self.data = data
        }
    }

    public struct Measurement: Codable, Equatable, Sendable {
        public var name: String
        public var config: Config
        public init(name: String, config: Config) {
            self.name = name
            self.config = config
        }

        public struct Config: Codable, Equatable, Sendable {
            public var poi: String
            public var parameters: [ParameterConfig]
            public init(poi: String, parameters: [ParameterConfig] = []) {
                self.poi = poi
                self.parameters = parameters
            }
            enum CodingKeys: String, CodingKey { case poi, parameters }
            public init(from decoder: Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                poi = try container.decode(String.self, forKey: .poi)
                parameters = try container.decodeIfPresent([ParameterConfig].self, forKey: .parameters) ?? []
            }
        }
    }

    /// Overrides of a parameter's defaults from a measurement's `config.parameters`.
    ///
    /// `fixed` is a boolean in pyhf's schema. Some published workspaces write the strings
    /// `"true"` and `"false"` instead, which pyhf rejects; they are read here as the booleans
    /// they spell (a deliberate leniency), and any other string is an error at the key.
    public struct ParameterConfig: Codable, Equatable, Sendable {
        public var name: String
        public var inits: [Double]?
        public var bounds: [[Double]]?
        public var auxdata: [Double]?
        public var sigmas: [Double]?
        public var factors: [Double]?
        public var fixed: Bool?
        public init(
            name: String, inits: [Double]? = nil, bounds: [[Double]]? = nil, auxdata: [Double]? = nil,
            sigmas: [Double]? = nil, factors: [Double]? = nil, fixed: Bool? = nil
        ) {
            self.name = name
            self.inits = inits
            self.bounds = bounds
            self.auxdata = auxdata
            self.sigmas = sigmas
            self.factors = factors
            self.fixed = fixed
        }

        enum CodingKeys: String, CodingKey { case name, inits, bounds, auxdata, sigmas, factors, fixed }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            inits = try container.decodeIfPresent([Double].self, forKey: .inits)
            bounds = try container.decodeIfPresent([[Double]].self, forKey: .bounds)
            auxdata = try container.decodeIfPresent([Double].self, forKey: .auxdata)
            sigmas = try container.decodeIfPresent([Double].self, forKey: .sigmas)
            factors = try container.decodeIfPresent([Double].self, forKey: .factors)
            if let text = try? container.decodeIfPresent(String.self, forKey: .fixed) {
                guard let value = ["true": true, "false": false][text] else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .fixed, in: container,
                        debugDescription: "expected a boolean (or the string \"true\" or \"false\"), found the string '\(text)'"
                    )
                }
                fixed = value
            } else {
                fixed = try container.decodeIfPresent(Bool.self, forKey: .fixed)
            }
        }
    }
}

extension Workspace {
    /// Reads and validates a workspace file.
    public static func load(from path: String) throws -> Workspace {
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkspaceError(file: path, at: "", "no such file")
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WorkspaceError(file: path, at: "", "cannot read the file (\(error.localizedDescription))")
        }
        do {
            return try decode(bytes)
        } catch let error as WorkspaceError {
            throw error.inFile(path)
        }
    }

    /// Decodes and validates a workspace from JSON bytes.
    public static func decode(_ bytes: Data) throws -> Workspace {
        do {
            _ = try JSONSerialization.jsonObject(with: bytes)
        } catch {
            throw WorkspaceError(at: "", "malformed JSON (\(JSONErrorText.describe(error)))")
        }
        let workspace: Workspace
        do {
            workspace = try JSONDecoder().decode(Workspace.self, from: bytes)
        } catch let error as DecodingError {
            throw WorkspaceError(decoding: error)
        }
        try workspace.validate()
        return workspace
    }

    /// The JSON text of the workspace (sorted keys, pretty-printed), as pyhf would read it.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public func measurement(named name: String?) throws -> Measurement {
        guard let name else { return measurements[0] }
        guard let found = measurements.first(where: { $0.name == name }) else {
            let known = measurements.map(\.name).joined(separator: ", ")
            throw WorkspaceError(at: "measurements", "no measurement named '\(name)' (the workspace has: \(known))")
        }
        return found
    }

    /// The observed main data in the model's (sorted) channel order.
    public func observedMainData(channelOrder: [String]) throws -> [Double] {
        try channelOrder.flatMap { channel -> [Double] in
            guard let observation = observations.first(where: { $0.name == channel }) else {
                throw WorkspaceError(at: "observations", "no observation for channel '\(channel)'")
            }
            return observation.data
        }
    }
}

enum JSONErrorText {
    /// Foundation's JSON errors carry the position in their user info; keep it readable.
    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let detail = nsError.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
        return nsError.localizedDescription
    }
}

extension WorkspaceError {
    /// A Codable failure as a message with its JSON path.
    init(decoding error: DecodingError) {
        func path(_ codingPath: [CodingKey]) -> String {
            codingPath.reduce(into: "") { text, key in
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
        }
        switch error {
        case let .keyNotFound(key, context):
            let place = path(context.codingPath)
            self.init(at: place.isEmpty ? "(top level)" : place, "missing required key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            self.init(at: path(context.codingPath), "expected \(Self.jsonTypeName(type)) (\(context.debugDescription))")
        case let .valueNotFound(type, context):
            self.init(at: path(context.codingPath), "expected \(Self.jsonTypeName(type)), found null")
        case let .dataCorrupted(context):
            self.init(at: path(context.codingPath), context.debugDescription)
        @unknown default:
            self.init(at: "", "\(error)")
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Int.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        default:
            let name = String(describing: type)
            return name.hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
