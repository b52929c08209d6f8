import NeosCLI

NeosCommand.main()
