import ArgumentParser

/// `--calculator asymptotics|toys` with the toys' `--ntoys` and `--seed` (hypotest, limit, grid).
struct CalculatorOptions: ParsableArguments {
    enum Calculator: String, ExpressibleByArgument, CaseIterable {
        case asymptotics, toys
    }

    @Option(
        help: ArgumentHelp(
            "asymptotics (the formulae of arXiv:1007.1727) or toys (pseudo-experiments).",
            discussion: "toys draws --ntoys datasets per hypothesis from the model at the parameters fitted to the data "
                + "(main data Poisson, auxiliary data from their constraints) and takes CLs and its expected band from the "
                + "test statistic's distributions, as pyhf's ToyCalculator does; reproducible with --seed, shardable with --shard."
        )
    )
    var calculator: Calculator = .asymptotics

    @Option(help: ArgumentHelp("Pseudo-experiments per hypothesis (toys only).", valueName: "n"))
    var ntoys = 1000

    @Option(name: .customLong("seed"), help: ArgumentHelp("Seed of the pseudo-experiments (toys only).", valueName: "seed"))
    var toySeed: UInt = 0

    var usesToys: Bool { calculator == .toys }

    func validate() throws {
        guard ntoys >= 1 else { throw ValidationError("--ntoys must be at least 1, got \(ntoys)") }
    }
}
