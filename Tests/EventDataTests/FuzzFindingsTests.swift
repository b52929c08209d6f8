import Foundation
import XCTest
@testable import EventData

/// Inputs that crashed the fuzz targets of Fuzz/ (or, where said, crashed the readers and were
/// found while writing those targets), each now read with a clear error or correctly. The raw
/// fuzzer inputs are kept as base64, exactly as libFuzzer minimised them (`-minimize_crash=1`),
/// next to a readable equivalent.
final class FuzzFindingsTests: XCTestCase {
    /// A version-1 .npy file with the given header dictionary and payload.
    private func npy(_ header: String, _ payload: Data = Data()) -> Data {
        var text = header
        text += String(repeating: " ", count: (64 - (10 + text.utf8.count + 1) % 64) % 64) + "\n"
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        data.append(contentsOf: [UInt8(text.utf8.count & 0xff), UInt8(text.utf8.count >> 8)])
        data.append(contentsOf: Array(text.utf8))
        data.append(payload)
        return data
    }

    /// The error reading `columns` of `bytes` as a .npy file, as the NumpyReader target reads them.
    private func numpyError(_ bytes: Data, columns: [String], file: StaticString = #filePath, line: UInt = #line) -> EventFileError? {
        do {
            let table = try NumpyArray(bytes, file: "finding.npy").table(columns: columns, rowLimit: nil)
            XCTFail("expected an error, read \(table.rowCount) rows", file: file, line: line)
        } catch let error as EventFileError {
            XCTAssertEqual(error.file, "finding.npy", file: file, line: line)
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return nil
    }

    // MARK: NumpyReader

    /// Fuzzer: `'shape': (4611686018427387904, 2)` of '<f4': rows × columns × 4 bytes overflowed
    /// Int in the payload-size check (arithmetic overflow trap).
    func testShapeWhoseByteCountOverflowsIsAnError() throws {
        let raw = try XCTUnwrap(Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyOiBGYWxzZSwgJ3NoYXBlJzogKDQ2MTE2ODYwMTg0MjczODc5MDQsIDIpICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMAAwAAAAAAAAIBAAAAAAAAA/kI="))
        let error = try XCTUnwrap(numpyError(raw, columns: ["c0", "c1"]))
        XCTAssertTrue(error.message.contains("too large"), error.description)

        let readable = npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 2), }", Data(count: 16))
        XCTAssertTrue(numpyError(readable, columns: ["x", "y"])?.message.contains("shape [4611686018427387904, 2] is too large") ?? false)
    }

    /// Fuzzer: a Fortran-order '<i4' array of 7492254311554773447 rows: the column offset
    /// column × rows × 4 overflowed before the payload size was checked.
    func testFortranColumnOffsetThatOverflowsIsAnError() throws {
        let raw = try XCTUnwrap(Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk0Jyx1ZSwgJ3NoYXBlJzogKDAwMDAwMDAwMDAwMDAwMDAwMDc0OTIyNTQzMTE1NTQ3NzM0NDcsIDIpLCB9ICAgICAAfwAAACAgICdmb3J0cmFuX29yZGVyJzogVHJ1ZSAgICAgAH8AAAA="))
        XCTAssertTrue(numpyError(raw, columns: ["c0", "c1"])?.message.contains("too large") ?? false)

        let readable = npy("{'descr': '<i4', 'fortran_order': True, 'shape': (7492254311554773447, 2), }", Data(count: 8))
        XCTAssertTrue(numpyError(readable, columns: ["x", "y"])?.message.contains("too large") ?? false)
    }

    /// Found while writing the target: a version-2 header needs a 4-byte header length after the
    /// magic; a 10-byte file read past its end.
    func testVersion2FileCutInsideTheHeaderLengthIsAnError() throws {
        for count in 10...11 {
            let bytes = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 2, 0, 0, 0, 0].prefix(count))
            XCTAssertTrue(numpyError(bytes, columns: ["x"])?.message.contains("header is truncated") ?? false)
        }
    }

    /// Found while writing the target: a negative dimension made a negative row count
    /// ("Can't construct Array with count < 0"); other non-integers were silently dropped.
    func testShapeOfNegativeOrNonIntegerDimensionsIsAnError() throws {
        for shape in ["(-1,)", "(3, x)", "(3, , 2)", "(1.5,)"] {
            let bytes = npy("{'descr': '<f8', 'fortran_order': False, 'shape': \(shape), }", Data(count: 48))
            let error = try XCTUnwrap(numpyError(bytes, columns: ["x"]), shape)
            XCTAssertTrue(error.message.contains("is not a tuple of non-negative integers"), error.description)
        }
        // (3,), () and (3, 2) still read.
        let one = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", Data(count: 24))
        XCTAssertEqual(try NumpyArray(one, file: "a.npy").table(columns: ["x"], rowLimit: nil).rowCount, 3)
        XCTAssertEqual(try NumpyArray(npy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"), file: "a.npy").shape, [])
    }

    /// Found while writing the target: a negative type size ('<U-4') gave the next field a
    /// negative offset, read before the payload (in the header bytes), and a huge one ('<U' with
    /// 2⁶² characters) overflowed 4 × count.
    func testNegativeOrHugeTypeSizesAreErrors() throws {
        let negative = npy("{'descr': [('s', '<U-4'), ('x', '<f8')], 'fortran_order': False, 'shape': (2,), }", Data(count: 8))
        let error = try XCTUnwrap(numpyError(negative, columns: ["x"]))
        XCTAssertEqual(error.column, "s")
        XCTAssertTrue(error.message.contains("unknown NumPy type '<U-4'"), error.description)

        let huge = npy("{'descr': [('x', '<f8'), ('s', '<U4611686018427387904')], 'fortran_order': False, 'shape': (1,), }", Data(count: 8))
        XCTAssertTrue(numpyError(huge, columns: ["x"])?.message.contains("unknown NumPy type") ?? false)
        XCTAssertTrue(numpyError(npy("{'descr': '<f-8', 'fortran_order': False, 'shape': (1,), }", Data(count: 8)), columns: ["x"])?
            .message.contains("unknown NumPy type '<f-8'") ?? false)
    }

    // MARK: CSVReader

    /// Fuzzer property (the CSV target checks that CRLF line ends read as LF ones do): Swift reads
    /// "\r\n" as one Character, which is not "\n", so a file with Windows line ends was one header
    /// line, read as no rows (or a missing last column) without an error.
    func testWindowsLineEndsReadAsUnixOnes() throws {
        let unix = try CSVTable.parse(Data("x,y,weight\n1,2,0.5\n3,4,0.25\n".utf8), file: "a.csv", columns: ["x", "weight"], rowLimit: nil)
        XCTAssertEqual(unix.values, [1, 0.5, 3, 0.25])
        let windows = try CSVTable.parse(Data("x,y,weight\r\n1,2,0.5\r\n3,4,0.25\r\n".utf8), file: "a.csv", columns: ["x", "weight"], rowLimit: nil)
        XCTAssertEqual(windows, unix)
        XCTAssertEqual(try CSVTable.parse(Data("x,y\r\n1,2\r\n3,4\r\n".utf8), file: "a.csv", columns: ["y"], rowLimit: 1).values, [2])
        // The fuzzer's input: a header only, whose last column was "weight\r\n".
        XCTAssertEqual(try CSVTable.parse(Data("x,y,weight\r\n".utf8), file: "a.csv", columns: ["weight"], rowLimit: nil).rowCount, 0)
        XCTAssertThrowsError(try CSVTable.parse(Data("x,y\r\n1,2\r\n3\r\n".utf8), file: "a.csv", columns: ["x"], rowLimit: nil)) { error in
            XCTAssertEqual((error as? EventFileError)?.location, "line 3", "\(error)")
        }
    }
}
