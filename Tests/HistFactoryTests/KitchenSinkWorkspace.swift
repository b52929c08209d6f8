@testable import HistFactory

/// A two-channel workspace with every modifier type, a parameter shared by normsys and histosys,
/// staterror across channels and a coupled shapefactor: the model the derivative tests probe.
enum KitchenSinkWorkspace {
    static let workspace = Workspace(
        channels: [
            .init(name: "SR", samples: [
                .init(name: "signal", data: [12, 8, 3], modifiers: [
                    .init(name: "mu", kind: .normfactor),
                    .init(name: "lumi", kind: .lumi),
                    .init(name: "jes", kind: .normsys(hi: 1.08, lo: 0.93)),
                    .init(name: "jes", kind: .histosys(hiData: [13, 8.5, 3.1], loData: [11.2, 7.7, 2.8])),
                    .init(name: "stat", kind: .staterror(uncertainties: [1.5, 1.2, 0.8])),
                ]),
                .init(name: "background", data: [50, 30, 11], modifiers: [
                    .init(name: "lumi", kind: .lumi),
                    .init(name: "bkg_norm", kind: .normsys(hi: 1.15, lo: 0.82)),
                    .init(name: "shape", kind: .histosys(hiData: [54, 31, 10], loData: [47, 29.5, 11.8])),
                    .init(name: "stat", kind: .staterror(uncertainties: [3, 2.5, 1.9])),
                    .init(name: "uncorr", kind: .shapesys(uncertainties: [4, 3, 0])),
                    .init(name: "sf", kind: .shapefactor),
                ]),
            ]),
            .init(name: "CR", samples: [
                .init(name: "background", data: [200, 150, 90], modifiers: [
                    .init(name: "lumi", kind: .lumi),
                    .init(name: "bkg_norm", kind: .normsys(hi: 1.12, lo: 0.85)),
                    .init(name: "stat", kind: .staterror(uncertainties: [8, 6, 5])),
                    .init(name: "sf", kind: .shapefactor),
                ]),
            ]),
        ],
        observations: [.init(name: "SR", data: [70, 41, 13]), .init(name: "CR", data: [205, 140, 95])],
        measurements: [.init(name: "meas", config: .init(poi: "mu", parameters: [
            .init(name: "lumi", inits: [1], bounds: [[0.5, 1.5]], auxdata: [1], sigmas: [0.03]),
        ]))]
    )

    /// A point away from the nominal, inside the bounds, with |α| on both sides of 1 for some
    /// parameter so that every interpolation branch is visited.
    static func probePoint(_ model: Model) -> [Double] {
        model.parameterNames.enumerated().map { i, name in
            switch name {
            case "mu": return 1.3
            case "lumi": return 1.02
            case "jes": return 0.4
            case "bkg_norm": return -0.6
            case "shape": return 1.4
            default: return 1 + 0.03 * Double(i % 5) - 0.05
            }
        }
    }
}
