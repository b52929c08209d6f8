import EventData
import Foundation

/// The events of one process in one variation: the eight features row by row, and the expected
/// number of events each row stands for.
public struct TtbarEvents: Sendable {
    public var features: [Double]
    public var weights: [Double]

    public var count: Int { weights.count }
    public var yield: Double { weights.reduce(0, +) }
    /// (Σw)²/Σw²: how many unweighted events would carry the same statistical precision.
    public var effectiveEntries: Double {
        let squares = weights.reduce(0) { $0 + $1 * $1 }
        return squares > 0 ? yield * yield / squares : 0
    }

    /// Rows `rows`, with weights multiplied by `scale`.
    func rows(_ rows: [Int], scale: Double) -> TtbarEvents {
        let width = TtbarSample.features.count
        var features: [Double] = []
        features.reserveCapacity(rows.count * width)
        for row in rows { features.append(contentsOf: self.features[(row * width)..<((row + 1) * width)]) }
        return TtbarEvents(features: features, weights: rows.map { weights[$0] * scale })
    }
}

/// Every process in every variation, as read from a directory of event files
/// `<process>__<variation>.{csv,csv.gz,npy,npy.gz}` with the columns of ``features`` and
/// `weight` (notebooks-data/ttbar/README.md documents them).
public struct TtbarSample: Sendable {
    /// The eight input features of Layer et al. (reference notes §3.4), in network input order.
    public static let features = ["aplanarity", "sphericity", "charge_eta_tau", "met", "dphi_tau_met", "mt", "m_tau_jets", "ht"]
    public static let extensions = [".csv.gz", ".csv", ".npy", ".npy.gz"]
    /// The random stream of the split (apart from those of the trainings' batch orders).
    static let splitStream = 1_000

    public var events: [TtbarProcess: [TtbarVariation: TtbarEvents]]

    public init(events: [TtbarProcess: [TtbarVariation: TtbarEvents]]) {
        self.events = events
    }

    public subscript(process: TtbarProcess, variation: TtbarVariation) -> TtbarEvents {
        events[process]![variation]!
    }

    /// Reads the 28 files of `directory`; `rowLimit` keeps the first rows of each file (for quick
    /// runs). Missing files, bad values and negative total yields are errors naming the file.
    public static func load(directory: String, rowLimit: Int? = nil) throws -> TtbarSample {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EventFileError(file: directory, "no such directory (expected the ttbar event files, e.g. notebooks-data/ttbar/sample)")
        }
        var events: [TtbarProcess: [TtbarVariation: TtbarEvents]] = [:]
        for process in TtbarProcess.allCases {
            for variation in TtbarVariation.allCases {
                let stem = "\(process.rawValue)__\(variation.rawValue)"
                guard let path = extensions.lazy.map({ (directory as NSString).appendingPathComponent(stem + $0) })
                    .first(where: { FileManager.default.fileExists(atPath: $0) })
                else {
                    throw EventFileError(file: (directory as NSString).appendingPathComponent(stem),
                                         "missing: expected \(stem) with one of \(extensions.joined(separator: ", "))")
                }
                let table = try EventTable.load(path: path, columns: features + ["weight"], rowLimit: rowLimit)
                let loaded = TtbarEvents(features: try table.rows(of: features), weights: try table.column("weight"))
                guard loaded.count > 0 else { throw EventFileError(file: path, "holds no events") }
                guard loaded.yield > 0 else {
                    throw EventFileError(file: path, column: "weight", "the weights sum to \(loaded.yield); a template needs a positive yield")
                }
                events[process, default: [:]][variation] = loaded
            }
        }
        return TtbarSample(events: events)
    }

    /// The sample with every process's weights scaled, in all its variations alike, so that its
    /// nominal yield is `yield(process)` (variations keep their relative effects).
    public func normalised(to yield: (TtbarProcess) -> Double) -> TtbarSample {
        var copy = self
        for process in TtbarProcess.allCases {
            let factor = yield(process) / self[process, .nominal].yield
            for variation in TtbarVariation.allCases {
                copy.events[process]![variation]!.weights = self[process, variation].weights.map { $0 * factor }
            }
        }
        return copy
    }

    /// Splits every file into a training and a test part, each reweighted to the full yield.
    ///
    /// The files list their events in generation order and the variations of a process come
    /// from the same generated events (without an event id), so the split is by position: each
    /// file is cut into `blocks` equal slices of its rows, and a seeded draw sends the same slice
    /// numbers to the test part in every variation. The up, down and nominal templates of a part
    /// then come (up to a few events at the slice edges) from the same generated events, which
    /// keeps their statistical fluctuations correlated as in the full sample.
    public func split(testFraction: Double, seed: UInt, blocks: Int = 200) -> (train: TtbarSample, test: TtbarSample) {
        let order = EpochOrder.permutation(count: blocks, seed: seed, epoch: 0, stream: Self.splitStream)
        let testBlocks = Set(order.prefix(Int((testFraction * Double(blocks)).rounded())))
        var train = self, test = self
        for process in TtbarProcess.allCases {
            for variation in TtbarVariation.allCases {
                let events = self[process, variation]
                let (trainRows, testRows) = (0..<events.count).reduce(into: ([Int](), [Int]())) { parts, row in
                    if testBlocks.contains(row * blocks / events.count) { parts.1.append(row) } else { parts.0.append(row) }
                }
                let testShare = Double(testBlocks.count) / Double(blocks)
                train.events[process]![variation] = events.rows(trainRows, scale: 1 / (1 - testShare))
                test.events[process]![variation] = events.rows(testRows, scale: 1 / testShare)
            }
        }
        return (train, test)
    }
}
