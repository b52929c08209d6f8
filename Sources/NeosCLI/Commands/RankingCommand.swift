import ArgumentParser
import HistFactory
import Pipeline
import Plotting

/// `neos ranking`: the impact of every nuisance parameter on the POI, as cabinetry ranks them.
struct RankingCommand: ReportingCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking",
        abstract: "Rank the nuisance parameters by their impact on the parameter of interest.",
        discussion: """
            Fits the workspace, then for every free nuisance parameter refits with it held at \
            θ̂ ± Δθ: pre-fit with Δθ its prior width (σ, or 1/√τ for shapesys; unconstrained \
            parameters have no pre-fit impact), post-fit with Δθ its fitted uncertainty. The \
            impact is the shift of the POI's best fit, μ̂(θ held) − μ̂, as cabinetry's \
            fit.ranking computes it. Sorted by the larger post-fit impact; the pull \
            (θ̂ − θ₀)/σ is shown for constrained parameters. Refits start from the best fit and \
            run on all cores. --plot draws the ranking as cabinetry does: impact bars against \
            the top axis, pulls with their post-fit uncertainty Δθ/σ against the bottom axis.

            Examples:
              neos ranking workspace.json --top 10 --plot ranking.svg
              neos ranking BkgOnly.json --patch patchset.json --patch-name ERJR_100p0_40p0 --json
            """
    )

    @OptionGroup var options: WorkspaceOptions

    @OptionGroup var convergence: ConvergenceOptions

    @Option(help: ArgumentHelp("Show only the K largest impacts (default: all).", valueName: "k"))
    var top: Int?

    @OptionGroup var plotOptions: PlotOptions

    func validate() throws {
        if let top, top < 1 { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func output() throws -> String {
        let (model, data) = try options.load()
        let fit = model.fit(data: data)
        try convergence.check([FitRecord(name: "the fit to the data", status: fit.status)], withheld: "the ranking")
        let ranking = model.impactRanking(data: data, fit: fit)
        let entries = Array(ranking.entries.prefix(top ?? ranking.entries.count))
        let initial = model.suggestedInit
        func pull(_ entry: ImpactRanking.Entry) -> Double? {
            entry.priorWidth.map { (entry.bestFit - initial[entry.index]) / $0 }
        }
        let refitsUnconverged = ranking.entries.reduce(0) { $0 + $1.unconvergedRefits }
        if let path = plotOptions.plot {
            let chart = ImpactChart(
                title: "Impact on \(ranking.poiName) (μ̂ = \(Format.number(ranking.bestFitPOI, digits: 4)))", impactLabel: "Δ\(ranking.poiName)",
                rows: entries.map { entry in
                    ImpactChart.Row(name: entry.name, prefitUp: entry.prefitUp, prefitDown: entry.prefitDown, postfitUp: entry.postfitUp,
                                    postfitDown: entry.postfitDown, pull: pull(entry).map { ($0, entry.uncertainty / entry.priorWidth!) })
                }
            )
            try AtomicFile.write(chart.svg(), to: path)
        }
        if options.json {
            return JSONValue.object([
                "poi": .string(ranking.poiName), "bestfit": .number(ranking.bestFitPOI),
                "unconverged_refits": .integer(refitsUnconverged),
                "parameters": .array(entries.map { entry in
                    .object([
                        "name": .string(entry.name), "pull": pull(entry).map(JSONValue.finite) ?? .null,
                        "bestfit": .finite(entry.bestFit), "uncertainty": .finite(entry.uncertainty),
                        "prefit_up": .finite(entry.prefitUp), "prefit_down": .finite(entry.prefitDown),
                        "postfit_up": .finite(entry.postfitUp), "postfit_down": .finite(entry.postfitDown),
                    ])
                }),
            ]).rendered
        }
        var table = TextTable(header: ["parameter", "θ̂", "pull", "Δθ/σ", "pre-fit +", "pre-fit −", "post-fit +", "post-fit −"])
        for entry in entries {
            let relative = entry.priorWidth.map { Format.number(entry.uncertainty / $0, digits: 3) } ?? "–"
            table.rows.append([
                entry.name, Format.number(entry.bestFit, digits: 4), pull(entry).map { Format.number($0, digits: 3) } ?? "–", relative,
                Format.number(entry.prefitUp, digits: 3), Format.number(entry.prefitDown, digits: 3),
                Format.number(entry.postfitUp, digits: 3), Format.number(entry.postfitDown, digits: 3),
            ])
        }
        var lines = [
            "impact on \(ranking.poiName) (μ̂ = \(Format.number(ranking.bestFitPOI, digits: 5))) of \(entries.count) of \(ranking.entries.count) nuisance parameters, largest post-fit impact first",
            "", table.rendered,
        ]
        if refitsUnconverged > 0 { lines += ["", "note: \(refitsUnconverged) refits did not converge"] }
        if let path = plotOptions.plot { lines += ["", "wrote \(path)"] }
        return lines.joined(separator: "\n")
    }
}
