import Foundation
import XCTest
@testable import EventData

/// Inputs that crashed the fuzz targets of Fuzz/ (or, where said, crashed the readers and were
/// found while writing those targets), each now read with a clear error or correctly.
final class FuzzFindingsTests: XCTestCase {
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
