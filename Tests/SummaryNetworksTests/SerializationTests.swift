import Foundation
import XCTest
@testable import SummaryNetworks

final class SerializationTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testSaveLoadRoundTripIsExact() throws {
        var network = MLP(layerSizes: [3, 7, 5, 4], hidden: .tanh, output: .softmax(temperature: 0.37), seed: 21)
        var parameters = network.parameters
        parameters[network.biasRange(layer: 1).lowerBound] = 0.1 + 0.2  // a value with a long expansion
        parameters[0] = 12345 * Double.leastNonzeroMagnitude  // subnormal
        network.parameters = parameters
        let file = path("net.json")
        try network.save(to: file)
        let loaded = try MLP.load(from: file)
        XCTAssertEqual(loaded.parameters.map(\.bitPattern), network.parameters.map(\.bitPattern))
        XCTAssertEqual(loaded.layerSizes, network.layerSizes)
        XCTAssertEqual(loaded.layers.map(\.activation), [.tanh, .tanh, .softmax(temperature: 0.37)])
        let batch = randomArray(12, seed: 2)
        XCTAssertEqual(loaded(batch), network(batch))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        XCTAssertEqual(files, ["net.json"], "no temporary file is left behind")
    }

    // MARK: Bad files

    func layerJSON(inputs: Int, outputs: Int, activation: String = "relu", weights: String? = nil, bias: String? = nil,
                   extra: String = "") -> String {
        let w = weights ?? "[" + (0..<(inputs * outputs)).map { "\(Double($0) / 10)" }.joined(separator: ",") + "]"
        let b = bias ?? "[" + (0..<outputs).map { _ in "0" }.joined(separator: ",") + "]"
        return #"{"inputs":\#(inputs),"outputs":\#(outputs),"activation":"\#(activation)","weights":\#(w),"bias":\#(b)\#(extra)}"#
    }

    func loadError(_ json: String, file: StaticString = #filePath, line: UInt = #line) -> NetworkError? {
        let name = path("bad.json")
        try! Data(json.utf8).write(to: URL(fileURLWithPath: name))
        do {
            _ = try MLP.load(from: name)
            XCTFail("loading should fail", file: file, line: line)
            return nil
        } catch let error as NetworkError {
            XCTAssertEqual(error.file, name, file: file, line: line)
            XCTAssertTrue(error.description.hasPrefix(name), error.description, file: file, line: line)
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testGoodHandWrittenFileLoads() throws {
        let json = #"{"layers":[\#(layerJSON(inputs: 2, outputs: 3)),\#(layerJSON(inputs: 3, outputs: 1, activation: "sigmoid"))]}"#
        let network = try MLP(jsonData: Data(json.utf8), source: "inline")
        XCTAssertEqual(network.layerSizes, [2, 3, 1])
    }

    func testWeightCountMismatch() {
        let json = #"{"layers":[\#(layerJSON(inputs: 2, outputs: 3)),\#(layerJSON(inputs: 3, outputs: 2, weights: "[1,2,3,4,5]"))]}"#
        let error = loadError(json)
        XCTAssertEqual(error?.kind, .weightCount)
        XCTAssertEqual(error?.layer, 1)
        XCTAssertTrue(error?.description.contains("expected inputs × outputs = 3 × 2 = 6") ?? false, error?.description ?? "")
        XCTAssertTrue(error?.description.contains("has 5 weights") ?? false)
    }

    func testBiasCountMismatch() {
        let error = loadError(#"{"layers":[\#(layerJSON(inputs: 2, outputs: 3, bias: "[0,0]"))]}"#)
        XCTAssertEqual(error?.kind, .biasCount)
        XCTAssertEqual(error?.layer, 0)
        XCTAssertTrue(error?.description.contains("expected one per output = 3") ?? false)
    }

    func testConsecutiveLayerSizesMismatch() {
        let json = #"{"layers":[\#(layerJSON(inputs: 2, outputs: 3)),\#(layerJSON(inputs: 4, outputs: 1))]}"#
        let error = loadError(json)
        XCTAssertEqual(error?.kind, .layerSizeMismatch)
        XCTAssertEqual(error?.layer, 1)
        XCTAssertTrue(error?.description.contains("takes 4 inputs, expected 3") ?? false, error?.description ?? "")
    }

    func testDeclaredLayerSizesDisagree() {
        let json = #"{"layerSizes":[2,4,1],"layers":[\#(layerJSON(inputs: 2, outputs: 3)),\#(layerJSON(inputs: 3, outputs: 1))]}"#
        let error = loadError(json)
        XCTAssertEqual(error?.kind, .layerSizeMismatch)
        XCTAssertEqual(error?.location, "layerSizes")
    }

    func testUnknownActivation() {
        let json = #"{"layers":[\#(layerJSON(inputs: 2, outputs: 3)),\#(layerJSON(inputs: 3, outputs: 1, activation: "swish"))]}"#
        let error = loadError(json)
        XCTAssertEqual(error?.kind, .unknownActivation)
        XCTAssertEqual(error?.layer, 1)
        XCTAssertTrue(error?.description.contains("'swish'") ?? false)
        XCTAssertTrue(error?.description.contains("relu, sigmoid, tanh, identity, softmax") ?? false)
    }

    func testNaNWeight() {
        let json = #"{"layers":[\#(layerJSON(inputs: 1, outputs: 2, weights: #"[0.5,"NaN"]"#))]}"#
        let error = loadError(json)
        XCTAssertEqual(error?.kind, .nonFiniteParameter)
        XCTAssertEqual(error?.layer, 0)
        XCTAssertEqual(error?.location, "layers[0].weights[1]")
    }

    func testBadTemperature() {
        let json = #"{"layers":[\#(layerJSON(inputs: 1, outputs: 2, activation: "softmax", extra: #","temperature":0"#))]}"#
        XCTAssertEqual(loadError(json)?.kind, .badTemperature)
    }

    func testMalformedFiles() {
        XCTAssertEqual(loadError("{not json")?.kind, .malformedFile)
        XCTAssertEqual(loadError(#"{"layers":[]}"#)?.kind, .noLayers)
        let nullWeight = loadError(#"{"layers":[\#(layerJSON(inputs: 1, outputs: 2, weights: "[1,null]"))]}"#)
        XCTAssertEqual(nullWeight?.kind, .malformedFile)
        XCTAssertEqual(nullWeight?.layer, 0)
        XCTAssertEqual(nullWeight?.location, "layers[0].weights[1]")
        let missing = loadError(#"{"layers":[{"inputs":1,"outputs":1,"weights":[1],"bias":[0]}]}"#)
        XCTAssertTrue(missing?.description.contains("missing key 'activation'") ?? false, missing?.description ?? "")
        XCTAssertEqual(loadError(#"{"layers":[\#(layerJSON(inputs: 0, outputs: 2, weights: "[]"))]}"#)?.kind, .badLayerShape)
    }

    func testMissingFile() {
        XCTAssertThrowsError(try MLP.load(from: path("absent.json"))) { error in
            XCTAssertEqual((error as? NetworkError)?.kind, .unreadableFile)
            XCTAssertEqual((error as? NetworkError)?.file, path("absent.json"))
        }
    }

    func testSavingNonFiniteWeightsThrows() {
        var network = MLP(layerSizes: [2, 2], hidden: .relu, output: .relu, seed: 1)
        var parameters = network.parameters
        parameters[network.biasRange(layer: 0).lowerBound] = .infinity
        network.parameters = parameters
        XCTAssertThrowsError(try network.save(to: path("inf.json"))) { error in
            XCTAssertEqual((error as? NetworkError)?.kind, .nonFiniteParameter)
            XCTAssertEqual((error as? NetworkError)?.location, "layers[0].bias[0]")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("inf.json")))
    }

    // MARK: Bad batches

    func testInputValidation() throws {
        let network = MLP(layerSizes: [3, 4, 1], hidden: .relu, output: .sigmoid, seed: 1)
        try network.validateInput([1, 2, 3, 4, 5, 6])
        try network.validateInput([1, 2, 3], features: 3)
        XCTAssertThrowsError(try network.validateInput([])) { XCTAssertEqual(($0 as? NetworkError)?.kind, .emptyBatch) }
        XCTAssertThrowsError(try network.validateInput([1, 2, 3, 4])) { error in
            XCTAssertEqual((error as? NetworkError)?.kind, .batchWidth)
            XCTAssertTrue("\(error)".contains("not a multiple of the network's 3 input features"))
        }
        XCTAssertThrowsError(try network.validateInput([1, 2, 3, 4, .nan, 6], features: ["pt", "eta", "phi"])) { error in
            let e = error as? NetworkError
            XCTAssertEqual(e?.kind, .nonFiniteFeature)
            XCTAssertEqual(e?.row, 1)
            XCTAssertEqual(e?.column, 1)
            XCTAssertTrue("\(error)".contains("row 1, column 1 ('eta')"), "\(error)")
        }
        XCTAssertThrowsError(try network.validateInput([1, 2, 3], features: 2)) { XCTAssertEqual(($0 as? NetworkError)?.kind, .featureCount) }
        XCTAssertThrowsError(try network.validateInput([1, 2, 3], features: ["a", "b"])) { XCTAssertEqual(($0 as? NetworkError)?.kind, .featureCount) }
    }
}

final class ActivationCodingTests: XCTestCase {
    func testActivationCodableRoundTrip() throws {
        for activation in allActivations {
            let data = try JSONEncoder().encode([activation])
            XCTAssertEqual(try JSONDecoder().decode([Activation].self, from: data), [activation])
        }
        XCTAssertThrowsError(try JSONDecoder().decode([Activation].self, from: Data(#"["gelu"]"#.utf8)))
    }
}
