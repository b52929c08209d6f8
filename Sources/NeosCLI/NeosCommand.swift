import ArgumentParser

public struct NeosCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "neos")
    public init() {}
}
