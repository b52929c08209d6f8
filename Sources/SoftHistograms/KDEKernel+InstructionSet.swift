internal import CKDEKernel

extension KDEKernel {
    /// The instruction sets the event-lanes kernel is compiled for (the C target `CKDEKernel`,
    /// which picks the best one the processor runs).
    enum InstructionSet: CaseIterable, Sendable {
        case baseline, avx2, avx512

        /// The best one this processor runs.
        static let best: InstructionSet = switch neos_kde_lanes_best_isa() {
        case NEOS_KDE_LANES_AVX512: .avx512
        case NEOS_KDE_LANES_AVX2_FMA: .avx2
        default: .baseline
        }

        /// Those this processor runs.
        static var supported: [InstructionSet] {
            allCases.filter { neos_kde_lanes_supports($0.isa) != 0 }
        }

        var name: String {
            switch self {
            case .baseline: "baseline"
            case .avx2: "AVX2+FMA"
            case .avx512: "AVX-512"
            }
        }

        var isa: neos_kde_lanes_isa {
            switch self {
            case .baseline: NEOS_KDE_LANES_BASELINE
            case .avx2: NEOS_KDE_LANES_AVX2_FMA
            case .avx512: NEOS_KDE_LANES_AVX512
            }
        }
    }
}
