import Foundation

/// Weight files: JSON with the layer sizes and, per layer, its shape, activation, weights
/// (row-major inputs × outputs) and biases:
///
///     {"format": "neos-swift-mlp", "version": 1, "layerSizes": [2, 100, 1],
///      "layers": [{"inputs": 2, "outputs": 100, "activation": "relu", "weights": [...], "bias": [...]},
///                 {"inputs": 100, "outputs": 1, "activation": "softmax", "temperature": 0.5, ...}]}
///
/// Numbers are written in the shortest form that reads back to the same Double, so a save/load
/// round trip is exact. Non-finite values are refused on writing; on reading, the strings
/// "NaN", "Infinity" and "-Infinity" are accepted by the parser only so that they can be reported
/// by layer and index.
extension MLP {
    /// The format tag written into weight files.
    public static let fileFormat = "neos-swift-mlp"

    struct FileRecord: Codable {
        var format: String?
        var version: Int?
        var layerSizes: [Int]?
        var layers: [LayerRecord]
    }

    struct LayerRecord: Codable {
        var inputs: Int
        var outputs: Int
        var activation: String
        var temperature: Double?
        var weights: [Double]
        var bias: [Double]
    }

    /// The network as a JSON document (see the extension's documentation for the format).
    /// Throws ``NetworkError`` (`.nonFiniteParameter`) when a weight or bias is NaN or infinite.
    public func jsonData() throws -> Data {
        var records: [LayerRecord] = []
        for (l, layer) in layers.enumerated() {
            for (name, values) in [("weights", layer.weight), ("bias", layer.bias)] {
                if let i = values.firstIndex(where: { !$0.isFinite }) {
                    throw NetworkError(.nonFiniteParameter, layer: l, location: "layers[\(l)].\(name)[\(i)]",
                                       "\(name)[\(i)] is \(values[i]); only finite values can be saved")
                }
            }
            var temperature: Double?
            if case .softmax(let t) = layer.activation { temperature = t }
            records.append(LayerRecord(inputs: layer.inputs, outputs: layer.outputs, activation: layer.activation.name,
                                       temperature: temperature, weights: layer.weight, bias: layer.bias))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(FileRecord(format: MLP.fileFormat, version: 1, layerSizes: layerSizes, layers: records))
    }

    /// Writes ``jsonData()`` to `path` atomically (a temporary file renamed into place), so no
    /// partial file is left behind.
    public func save(to path: String) throws {
        let data = try jsonData()
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw NetworkError(.unreadableFile, file: path, "cannot write the weight file: \(error.localizedDescription)")
        }
    }

    /// Reads a weight file. Throws ``NetworkError`` naming the file, the layer and what was
    /// expected when the file is unreadable, malformed, or has inconsistent shapes, an unknown
    /// activation, or a non-finite value.
    public static func load(from path: String) throws -> MLP {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw NetworkError(.unreadableFile, file: path, "cannot read the weight file: \(error.localizedDescription)")
        }
        return try MLP(jsonData: data, source: path)
    }

    /// A network from a weight file's contents; `source` names the file in errors.
    public init(jsonData data: Data, source: String? = nil) throws {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let record: FileRecord
        do {
            record = try decoder.decode(FileRecord.self, from: data)
        } catch let error as DecodingError {
            throw MLP.describe(error, file: source)
        } catch {
            throw NetworkError(.malformedFile, file: source, "not a weight file: \(error.localizedDescription)")
        }
        if let format = record.format, format != MLP.fileFormat {
            throw NetworkError(.malformedFile, file: source, location: "format",
                               "format is '\(format)', expected '\(MLP.fileFormat)'")
        }
        guard !record.layers.isEmpty else {
            throw NetworkError(.noLayers, file: source, location: "layers", "the file has no layers; expected at least one")
        }
        var layers: [Dense] = []
        for (l, r) in record.layers.enumerated() {
            let place = "layers[\(l)]"
            guard r.inputs > 0, r.outputs > 0 else {
                throw NetworkError(.badLayerShape, file: source, layer: l, location: place,
                                   "inputs = \(r.inputs) and outputs = \(r.outputs); expected both positive")
            }
            if l > 0, r.inputs != record.layers[l - 1].outputs {
                throw NetworkError(.layerSizeMismatch, file: source, layer: l, location: "\(place).inputs",
                                   "takes \(r.inputs) inputs, expected \(record.layers[l - 1].outputs) (the outputs of layer \(l - 1))")
            }
            guard r.weights.count == r.inputs * r.outputs else {
                throw NetworkError(.weightCount, file: source, layer: l, location: "\(place).weights",
                                   "has \(r.weights.count) weights, expected inputs × outputs = \(r.inputs) × \(r.outputs) = \(r.inputs * r.outputs)")
            }
            guard r.bias.count == r.outputs else {
                throw NetworkError(.biasCount, file: source, layer: l, location: "\(place).bias",
                                   "has \(r.bias.count) biases, expected one per output = \(r.outputs)")
            }
            if let t = r.temperature, !(t > 0 && t.isFinite) {
                throw NetworkError(.badTemperature, file: source, layer: l, location: "\(place).temperature",
                                   "softmax temperature is \(t); expected a positive finite number")
            }
            guard let activation = Activation(name: r.activation, temperature: r.temperature ?? 1) else {
                throw NetworkError(.unknownActivation, file: source, layer: l, location: "\(place).activation",
                                   "unknown activation '\(r.activation)'; expected one of \(Activation.knownNames.joined(separator: ", "))")
            }
            for (name, values) in [("weights", r.weights), ("bias", r.bias)] {
                if let i = values.firstIndex(where: { !$0.isFinite }) {
                    throw NetworkError(.nonFiniteParameter, file: source, layer: l, location: "\(place).\(name)[\(i)]",
                                       "\(name)[\(i)] is \(values[i]); expected a finite number")
                }
            }
            layers.append(Dense(weight: r.weights, bias: r.bias, inputs: r.inputs, outputs: r.outputs, activation: activation))
        }
        let network = MLP(layers: layers)
        if let sizes = record.layerSizes, sizes != network.layerSizes {
            throw NetworkError(.layerSizeMismatch, file: source, location: "layerSizes",
                               "layerSizes is \(sizes), but the layers have sizes \(network.layerSizes)")
        }
        self = network
    }

    private static func describe(_ error: DecodingError, file: String?) -> NetworkError {
        func path(_ codingPath: [CodingKey]) -> String {
            var text = ""
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        func layer(_ codingPath: [CodingKey]) -> Int? {
            guard codingPath.count >= 2, codingPath[0].stringValue == "layers" else { return nil }
            return codingPath[1].intValue
        }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.debugDescription ?? ""
            let reason = context.codingPath.isEmpty ? "not valid JSON: \(context.debugDescription) \(underlying)" : context.debugDescription
            return NetworkError(.malformedFile, file: file, layer: layer(context.codingPath), location: path(context.codingPath), reason)
        case .keyNotFound(let key, let context):
            let place = path(context.codingPath)
            return NetworkError(.malformedFile, file: file, layer: layer(context.codingPath), location: place,
                                "missing key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return NetworkError(.malformedFile, file: file, layer: layer(context.codingPath), location: path(context.codingPath),
                                "expected \(MLP.jsonName(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return NetworkError(.malformedFile, file: file, layer: layer(context.codingPath), location: path(context.codingPath),
                                "expected \(MLP.jsonName(type)), found null")
        @unknown default:
            return NetworkError(.malformedFile, file: file, "not a weight file: \(error)")
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type: "a number"
        case is Int.Type: "an integer"
        case is String.Type: "a string"
        default: "\(type)"
        }
    }
}
