/// A problem with a weight file or with a batch given to a network, naming the place: the file,
/// the layer index, the JSON path (as `layers[1].weights[7]`), or the row and column of a batch.
public struct NetworkError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: String, Sendable, Equatable {
        /// The file could not be read or written.
        case unreadableFile
        /// Not JSON, or JSON without the expected structure.
        case malformedFile
        /// A file without layers.
        case noLayers
        /// A layer with a non-positive number of inputs or outputs.
        case badLayerShape
        /// weights count ≠ inputs × outputs.
        case weightCount
        /// bias count ≠ outputs.
        case biasCount
        /// A layer's inputs ≠ the previous layer's outputs, or `layerSizes` disagrees with the layers.
        case layerSizeMismatch
        /// An activation name that is not one of ``Activation/knownNames``.
        case unknownActivation
        /// A softmax temperature that is not positive and finite.
        case badTemperature
        /// A NaN or infinite weight or bias.
        case nonFiniteParameter
        /// A batch without values.
        case emptyBatch
        /// A batch whose size is not a multiple of the network's input width.
        case batchWidth
        /// A NaN or infinite feature value.
        case nonFiniteFeature
        /// Feature names or count that disagree with the network's input width.
        case featureCount
    }

    public var kind: Kind
    /// The weight file, when the problem comes from one.
    public var file: String?
    /// The layer index (0 = the layer next to the input), when the problem is in one layer.
    public var layer: Int?
    /// The batch row (event index) and column (feature index), for bad features.
    public var row: Int?
    public var column: Int?
    /// Where in the document the problem sits, as a JSON path (`layers[1].weights`), or empty.
    public var location: String
    /// What was wrong and what was expected.
    public var message: String

    public init(_ kind: Kind, file: String? = nil, layer: Int? = nil, row: Int? = nil, column: Int? = nil,
                location: String = "", _ message: String) {
        self.kind = kind
        self.file = file
        self.layer = layer
        self.row = row
        self.column = column
        self.location = location
        self.message = message
    }

    public var description: String {
        var text = ""
        if let file { text += "\(file): " }
        if let layer { text += "layer \(layer)" + (location.isEmpty ? ": " : " (\(location)): ") }
        else if !location.isEmpty { text += "at \(location): " }
        return text + message
    }
}
