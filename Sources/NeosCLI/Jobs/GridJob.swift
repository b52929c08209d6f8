import Foundation
import GSL
import HistFactory
import Pipeline

/// The tasks of `neos grid`: one per selected patch, in the PatchSet's order.
struct GridJob: ShardedJob {
    let command: GridCommand
    let patchSet: PatchSet
    let patches: [PatchSet.Patch]
    let background: JSONDocument
    let codes: InterpolationCodes

    init(command: GridCommand) throws {
        self.command = command
        background = try Workspace.readDocument(from: command.workspace)
        patchSet = try PatchSet.load(from: command.patchset)
        if patchSet.digests["sha256"] != nil {
            _ = try patchSet.verify(background: background, named: command.workspace)
        }
        if let pattern = command.patchPattern {
            patches = patchSet.patches.filter { fnmatch(pattern, $0.name, 0) == 0 }
            guard !patches.isEmpty else {
                throw CommandError("--patch-name '\(pattern)' matches none of the \(patchSet.patches.count) patches of \(command.patchset) (\(patchSet.namesSummary))")
            }
        } else {
            patches = patchSet.patches
        }
        codes = try command.model.interpolationCodes()
    }

    var taskCount: Int { patches.count }
    var taskNoun: String { "grid point" }
    var showsProgress: Bool { !command.reporting.quiet }
    var outputDirectory: URL? { URL(fileURLWithPath: command.outputDirectory) }
    var inputFiles: [String] { [command.workspace, command.patchset] }

    func run(task index: Int, progress: @escaping @Sendable (Double, String) -> Void) throws -> JSONValue {
        let patch = patches[index]
        let origin = Workspace.origin(of: command.workspace, patches: [patch.patch])
        let workspace = try Workspace.decode(try patch.patch.apply(to: background), origin: origin)
        let model: Model, data: [Double]
        do {
            model = try Model(workspace: workspace, measurement: command.model.measurement, interpolationCodes: codes)
            data = try workspace.observedMainData(channelOrder: model.channels.map(\.name)) + model.auxdata
        } catch let error as WorkspaceError {
            throw error.inFile(error.file ?? origin)
        }
        var fields: [String: JSONValue] = [
            "name": .string(patch.name),
            "values": .array(patch.values.map { JSONValue($0) }),
        ]
        let fits: [FitRecord]
        if command.calculator.usesToys {
            let toys = ToyCalculator(model: model, data: data, statistic: command.statistic)
            let result = toys.hypotest(poiValue: 1, toys: command.calculator.ntoys, seed: command.calculator.toySeed) { fraction in
                progress(fraction, patch.name)
            }
            fields["cls_obs"] = .finite(result.result.observed)
            fields["cls_exp"] = .numbers(result.result.expectedBand)
            fields["unconverged_toy_fits"] = .integer(result.unconvergedFits)
            fits = result.hypothesis.fits
        } else {
            let calculator = AsymptoticCalculator(model: model, data: data, statistic: command.statistic)
            let test = calculator.hypotest(poiValue: 1)
            fields["cls_obs"] = .finite(test.observed)
            fields["cls_exp"] = .numbers(test.expectedBand)
            progress(0.5, patch.name)
            do {
                let limit = try calculator.upperLimit(level: command.level)
                fields["upper_limit_obs"] = .finite(limit.observed)
                fields["upper_limit_exp"] = .numbers(limit.expected)
                fits = limit.fits + test.fits.dropFirst(calculator.sharedFits.count)
            } catch {
                fields["limit_error"] = .string("\(error)")
                fits = test.fits
            }
        }
        fields["fits"] = fits.statusJSON
        return .object(fields)
    }

    func finish(results: [JSONValue]) throws -> String {
        let grid = ExclusionGrid(labels: patchSet.labels, points: results, level: command.level)
        let directory = URL(fileURLWithPath: command.outputDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let summary: JSONValue = .object([
            "patchset": .string(command.patchset),
            "workspace": .string(command.workspace),
            "labels": .array(patchSet.labels.map(JSONValue.string)),
            "calculator": .string(command.calculator.calculator.rawValue),
            "ntoys": command.calculator.usesToys ? .integer(command.calculator.ntoys) : .null,
            "seed": command.calculator.usesToys ? .integer(Int(command.calculator.toySeed)) : .null,
            "level": .number(command.level),
            "test_stat": .string(command.statistic.rawValue),
            "points": .array(results),
        ])
        try AtomicFile.write(summary.rendered + "\n", to: directory.appendingPathComponent("grid.json").path)
        try AtomicFile.write(grid.csv, to: directory.appendingPathComponent("grid.csv").path)
        var written = ["grid.json", "grid.csv"], notes: [String] = []
        if let plot = grid.plot(title: patchSet.name ?? "signal grid") {
            try AtomicFile.write(plot, to: directory.appendingPathComponent("grid.svg").path)
            written.append("grid.svg")
        } else {
            notes.append("no grid.svg: the plot needs two numeric labels and at least three points with finite CLs off one line")
        }
        if command.reporting.json {
            return JSONValue.object([
                "points": .array(results), "output": .string(directory.path),
                "files": .array(written.map(JSONValue.string)),
            ]).rendered
        }
        return ([grid.table, "", "wrote " + written.map { directory.appendingPathComponent($0).path }.joined(separator: ", ")] + notes)
            .joined(separator: "\n")
    }
}
