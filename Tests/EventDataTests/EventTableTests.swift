import Foundation
import XCTest
@testable import EventData

final class EventTableTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("event-table-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    private func write(_ name: String, _ data: Data) throws -> String {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }

    private func loadError(_ path: String, _ columns: [String]) -> EventFileError? {
        do {
            _ = try EventTable.load(path: path, columns: columns)
            return nil
        } catch let error as EventFileError {
            return error
        } catch {
            XCTFail("unexpected error \(error)")
            return nil
        }
    }

    // MARK: CSV

    func testCSVPicksTheRequestedColumnsInTheRequestedOrder() throws {
        let path = try write("a.csv", "x,label,y\n1.5,sig,2\n-3e2,bkg,0.25\n")
        let table = try EventTable.load(path: path, columns: ["y", "x"])
        XCTAssertEqual(table.rowCount, 2)
        XCTAssertEqual(table.values, [2, 1.5, 0.25, -300])
        XCTAssertEqual(try table.column("x"), [1.5, -300])
        XCTAssertEqual(try table.rows(of: ["x"]), [1.5, -300])
    }

    func testRowLimitStopsBeforeLaterLines() throws {
        let path = try write("long.csv", "x,y\n1,2\n3,4\nnot,numbers\n")
        XCTAssertEqual(try EventTable.load(path: path, columns: ["x"], rowLimit: 2).values, [1, 3])
        XCTAssertThrowsError(try EventTable.load(path: path, columns: ["x"], rowLimit: 3), "the third row is read and is bad")
    }

    func testCSVErrorsNameFileLineAndColumn() throws {
        let path = try write("bad.csv", "x,y\n1,2\n3,abc\n")
        let error = try XCTUnwrap(loadError(path, ["x", "y"]))
        XCTAssertEqual(error.location, "line 3")
        XCTAssertEqual(error.column, "y")
        XCTAssertTrue(error.description.contains("bad.csv: line 3, column 'y': 'abc' is not a number"), error.description)

        let nan = try XCTUnwrap(loadError(try write("nan.csv", "x\n1\nnan\n"), ["x"]))
        XCTAssertEqual(nan.location, "line 3")
        XCTAssertTrue(nan.message.contains("not finite"))

        let ragged = try XCTUnwrap(loadError(try write("ragged.csv", "x,y\n1,2\n3\n"), ["x"]))
        XCTAssertEqual(ragged.location, "line 3")

        let missing = try XCTUnwrap(loadError(try write("missing.csv", "x,y\n1,2\n"), ["met"]))
        XCTAssertEqual(missing.column, "met")
        XCTAssertEqual(missing.location, "line 1")

        XCTAssertNotNil(loadError(try write("empty.csv", ""), ["x"]))
        XCTAssertEqual(loadError(directory.appendingPathComponent("none.csv").path, ["x"])?.message, "no such file")
        XCTAssertTrue(loadError(try write("table.txt", "x\n1\n"), ["x"])?.message.contains("unknown file type") ?? false)
    }

    func testGzipCompressedCSVFromTheShippedSample() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks-data/ttbar/sample/wjets__nominal.csv.gz").path
        let table = try EventTable.load(path: sample, columns: ["met", "weight"])
        // manifest.json: 433 rows, total weight 55.0 events.
        XCTAssertEqual(table.rowCount, 433)
        XCTAssertEqual(try table.column("weight").reduce(0, +), 55.0, accuracy: 0.5)
        XCTAssertTrue(try table.column("met").allSatisfy { $0 > 20 }, "the selection requires MET > 20 GeV")
    }

    func testTruncatedGzipIsAnError() throws {
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("notebooks-data/ttbar/sample/wjets__nominal.csv.gz")
        let bytes = try Data(contentsOf: sample)
        let path = try write("cut.csv.gz", bytes.prefix(bytes.count / 2))
        let error = try XCTUnwrap(loadError(path, ["met"]))
        XCTAssertTrue(error.message.contains("truncated"), error.description)
    }

    // MARK: NumPy

    /// A version-1 .npy file with the given header dictionary and payload.
    private func npy(_ header: String, _ payload: Data) -> Data {
        var text = header
        let unpadded = 10 + text.utf8.count + 1
        text += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let length = UInt16(text.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xff), UInt8(length >> 8)])
        data.append(contentsOf: Array(text.utf8))
        data.append(payload)
        return data
    }

    private func bytes(_ values: [Double]) -> Data {
        values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    func testPlainArraysInCAndFortranOrderAndFloat32() throws {
        let c = try write("c.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", bytes([1, 2, 3, 4, 5, 6])))
        XCTAssertEqual(try EventTable.load(path: c, columns: ["x", "y"]).values, [1, 2, 3, 4, 5, 6])
        let f = try write("f.npy", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }", bytes([1, 3, 5, 2, 4, 6])))
        XCTAssertEqual(try EventTable.load(path: f, columns: ["x", "y"]).values, [1, 2, 3, 4, 5, 6])
        let floats: [Float] = [0.5, -2]
        let f4 = try write("f4.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", floats.withUnsafeBufferPointer { Data(buffer: $0) }))
        XCTAssertEqual(try EventTable.load(path: f4, columns: ["x"]).values, [0.5, -2])

        let wrongShape = try XCTUnwrap(loadError(c, ["x", "y", "z"]))
        XCTAssertTrue(wrongShape.message.contains("shape (N, 3)"), wrongShape.description)
    }

    func testStructuredArrayPicksFieldsByNameAndSkipsText() throws {
        // Records (x: f8, process: U3, w: f4), as df.to_records(index=False) writes them.
        var payload = Data()
        for (x, name, w) in [(1.0, "sig", Float(0.5)), (2.0, "bkg", Float(0.25))] {
            payload.append(bytes([x]))
            for scalar in name.unicodeScalars { withUnsafeBytes(of: scalar.value.littleEndian) { payload.append(contentsOf: $0) } }
            withUnsafeBytes(of: w.bitPattern.littleEndian) { payload.append(contentsOf: $0) }
        }
        let path = try write("r.npy", npy("{'descr': [('x', '<f8'), ('process', '<U3'), ('w', '<f4')], 'fortran_order': False, 'shape': (2,), }", payload))
        XCTAssertEqual(try EventTable.load(path: path, columns: ["w", "x"]).values, [0.5, 1, 0.25, 2])
        XCTAssertEqual(loadError(path, ["process"])?.column, "process")
        XCTAssertEqual(loadError(path, ["met"])?.column, "met")
    }

    func testNumpyErrorsNameTheRow() throws {
        let nan = try write("nan.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", bytes([1, .nan, 3])))
        let error = try XCTUnwrap(loadError(nan, ["x"]))
        XCTAssertEqual(error.location, "row 2")
        XCTAssertEqual(error.column, "x")

        let truncated = try write("short.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }", bytes([1])))
        XCTAssertTrue(loadError(truncated, ["x"])?.message.contains("truncated") ?? false)
        XCTAssertTrue(loadError(try write("junk.npy", "not numpy at all"), ["x"])?.message.contains("not a NumPy") ?? false)
    }
}
