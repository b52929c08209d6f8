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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // GSL through the system library (Debian: libgsl-dev).
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
        ),
        // The only Swift code that talks to C: special functions, minimiser, root finder, linear algebra, RNG.
        .target(name: "GSL", dependencies: ["CGSL"]),
        // pyhf-compatible HistFactory likelihoods, fits and asymptotic inference.
        .target(name: "HistFactory", dependencies: ["GSL"]),
        // Dependency-free SVG line plots for scans and training curves.
        .target(name: "Plotting"),
        // The `neos` command-line interface, as a library so that tests can drive it.
        .target(
            name: "NeosCLI",
            dependencies: [
                "HistFactory", "Plotting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "neos", dependencies: ["NeosCLI"]),
        .testTarget(name: "GSLTests", dependencies: ["GSL"]),
        .testTarget(name: "HistFactoryTests", dependencies: ["HistFactory"], resources: []),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting"]),
        .testTarget(name: "NeosCLITests", dependencies: ["NeosCLI"]),
    ]
)
