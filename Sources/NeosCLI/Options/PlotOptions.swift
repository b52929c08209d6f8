import ArgumentParser
import Foundation

/// `--plot FILE.svg`: where to draw the result, checked before any fit runs.
struct PlotOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also draw the result as an SVG file (written atomically).", valueName: "file.svg"))
    var plot: String?

    func validate() throws {
        guard let plot else { return }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: plot, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--plot \(plot) is a directory")
        }
        let directory = URL(fileURLWithPath: plot).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--plot \(plot): directory \(directory) does not exist")
        }
    }
}
