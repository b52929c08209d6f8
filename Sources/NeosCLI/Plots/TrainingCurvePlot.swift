import Pipeline
import Plotting

/// The training curve of one or more runs: mean training loss and validation loss per epoch.
struct TrainingCurvePlot {
    var title: String
    var yLabel: String
    var runs: [(label: String, history: TrainingHistory)]
    var logY = false

    func svg() -> String {
        var plot = Plot(title: title, xLabel: "epoch", yLabel: yLabel, logY: logY)
        for (label, history) in runs {
            let epochs = history.epochs.map(Double.init)
            plot.line(epochs, history.trainingLoss, label: "\(label) training")
            plot.line(epochs, history.validationLoss, label: "\(label) validation", dashed: true)
        }
        return plot.svg()
    }
}
