// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "neos",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "neos", targets: ["neos"]),
        .library(name: "HistFactory", targets: ["HistFactory"]),
        .library(name: "GSL", targets: ["GSL"]),
        .library(name: "Plotting", targets: ["Plotting"]),
        .library(name: "SoftHistograms", targets: ["SoftHistograms"]),
        .library(name: "SummaryNetworks", targets: ["SummaryNetworks"]),
        .library(name: "Objectives", targets: ["Objectives"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
        .library(name: "EventData", targets: ["EventData"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // GSL through the system library (Debian: libgsl-dev), with its CBLAS interface backed by
        // OpenBLAS (libopenblas-dev) instead of GSL's reference gslcblas: see Sources/CGSL/module.modulemap.
        .systemLibrary(
            name: "CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"]), .brew(["gsl", "openblas"])]
        ),
        // zlib (Debian: zlib1g-dev), to read gzip-compressed event files.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The Swift face of GSL: special functions, minimiser, root finder, linear algebra, RNG.
        .target(name: "GSL", dependencies: ["CGSL"]),
        // The KDE histogram's eight-event loop, compiled for AVX-512, AVX2+FMA and the baseline and
        // picked at run time: Swift cannot compile one function for several instruction sets.
        .target(name: "CKDEKernel"),
        // pyhf-compatible HistFactory likelihoods, fits and asymptotic inference.
        // Optimised in debug builds too: the tests fit published likelihoods hundreds of times,
        // which an unoptimised fitter makes twenty times slower.
        .target(name: "HistFactory", dependencies: ["GSL", "ChunkedWork"], swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // Fixed-size chunks of work run on all cores, with partial sums added in a fixed order.
        .target(name: "ChunkedWork"),
        // Dependency-free SVG line plots for scans and training curves.
        .target(name: "Plotting"),
        // Differentiable binned summaries: KDE histograms, softmax-temperature histograms, sigmoid cuts.
        .target(name: "SoftHistograms", dependencies: ["ChunkedWork", "CKDEKernel"]),
        // Dense networks with hand-written pullbacks, initialisers, optimisers, JSON weights.
        .target(name: "SummaryNetworks", dependencies: ["ChunkedWork", "GSL"]),
        // Differentiable inference objectives on template models: σ_μ (Fisher), interval width, CLs, Z0, BCE.
        .target(name: "Objectives", dependencies: ["HistFactory", "GSL"]),
        // End to end: benchmark data, summary → templates → objective, training loops.
        .target(name: "Pipeline", dependencies: ["EventData", "SoftHistograms", "SummaryNetworks", "Objectives", "HistFactory", "GSL"]),
        // Event files (CSV, NumPy .npy, optionally gzip-compressed) with errors naming file, row and column.
        .target(name: "EventData", dependencies: ["CZlib"]),
        // The `neos` command-line interface, as a library so that tests can drive it.
        .target(
            name: "NeosCLI",
            dependencies: [
                "HistFactory", "Objectives", "Plotting", "Pipeline", "SoftHistograms",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "neos", dependencies: ["NeosCLI", "GSL"]),
        .testTarget(name: "ChunkedWorkTests", dependencies: ["ChunkedWork"]),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(name: "HistFactoryTests", dependencies: ["HistFactory"]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "NeosCLITests", dependencies: ["NeosCLI", "Pipeline"]),
        .testTarget(name: "SoftHistogramsTests", dependencies: ["SoftHistograms"]),
        .testTarget(name: "SummaryNetworksTests", dependencies: ["SummaryNetworks"]),
        .testTarget(name: "ObjectivesTests", dependencies: ["Objectives"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"]),
        .testTarget(name: "EventDataTests", dependencies: ["EventData"]),
    ]
)
