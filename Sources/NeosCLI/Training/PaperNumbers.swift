/// Published numbers the benchmarks are compared with.
enum PaperNumbers {
    /// INFERNO Table 1 (arXiv:1806.04743, `paper/table.tex`): median expected σ_s over 100
    /// initialisations, on benchmarks 0–4.
    static let infernoRows: [String: [Double]] = [
        "NN classifier": [14.99, 18.94, 23.94, 21.54, 26.71],
        "INFERNO 0": [15.51, 18.34, 23.24, 21.38, 26.38],
        "INFERNO 1": [15.80, 16.79, 21.41, 20.29, 24.26],
        "INFERNO 2": [15.71, 16.87, 16.95, 16.88, 18.67],
        "INFERNO 3": [15.70, 16.91, 16.97, 16.89, 18.69],
        "INFERNO 4": [15.71, 16.89, 16.95, 16.88, 18.68],
        "Optimal classifier": [14.97, 19.12, 24.93, 22.13, 27.98],
        "Analytical likelihood": [14.71, 15.52, 15.65, 15.62, 16.89],
    ]
}
