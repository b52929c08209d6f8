import ArgumentParser
import XCTest
@testable import NeosCLI

final class HelpTests: XCTestCase {
    /// Every subcommand explains itself and shows an example of its own use.
    func testEverySubcommandHasAnAbstractAndAnExample() {
        let commands: [(ParsableCommand.Type, String)] = [
            (EvalCommand.self, "neos eval"), (FitCommand.self, "neos fit"), (HypotestCommand.self, "neos hypotest"),
            (LimitCommand.self, "neos limit"), (ScanCommand.self, "neos scan"), (FisherCommand.self, "neos fisher"),
            (DesignCommand.self, "neos design"), (BenchCommand.self, "neos bench"), (BenchFitCommand.self, "neos bench fit"),
            (BenchHypotestCommand.self, "neos bench hypotest"), (BenchKDECommand.self, "neos bench kde"),
            (BenchTrainStepCommand.self, "neos bench train-step"), (TrainCommand.self, "neos train"), (TtbarCommand.self, "neos ttbar"),
        ]
        for (command, invocation) in commands {
            XCTAssertFalse(command.configuration.abstract.isEmpty, invocation)
            XCTAssertTrue(command.configuration.discussion.contains("Example"), invocation)
            XCTAssertTrue(command.configuration.discussion.contains(invocation + " ") || command.configuration.discussion.contains(invocation + "\n"), invocation)
            // Line continuations must join lines, not print as backslashes.
            XCTAssertFalse(command.configuration.discussion.contains("\\"), "\(invocation): a literal backslash in --help")
        }
    }

    func testRootHelpNamesEverySubcommandFamily() {
        let discussion = NeosCommand.configuration.discussion
        for name in ["fit", "hypotest", "train", "ttbar", "design", "bench"] {
            XCTAssertTrue(discussion.contains(name), name)
        }
        XCTAssertFalse(discussion.contains("\\"), "a literal backslash in neos --help")
    }

    func testVersion() throws {
        XCTAssertEqual(NeosCommand.configuration.version, "0.1.0")
        XCTAssertThrowsError(try NeosCommand.parseAsRoot(["--version"])) { error in
            XCTAssertEqual(NeosCommand.exitCode(for: error), .success)
            XCTAssertEqual(NeosCommand.fullMessage(for: error), "0.1.0")
        }
    }
}
