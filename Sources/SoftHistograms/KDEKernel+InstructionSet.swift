internal import CKDEKernel
import Foundation

extension KDEKernel {
    /// The instruction sets the event-lanes kernel is compiled for (the C target `CKDEKernel`,
    /// which picks the best one the processor runs).
    enum InstructionSet: String, CaseIterable, Sendable {
        case baseline, avx2, avx512

        /// The environment variable that chooses a lesser instruction set than the best, to
        /// compare them (`NEOS_KDE_INSTRUCTION_SET=baseline neos bench kde`).
        static let environmentVariable = "NEOS_KDE_INSTRUCTION_SET"

        /// The best one this processor runs, or the one ``environmentVariable`` names (see
        /// ``choose(_:detected:supported:)``); a bad value stops the program with its message.
        static let best: InstructionSet = {
            let detected: InstructionSet = switch neos_kde_lanes_best_isa() {
            case NEOS_KDE_LANES_AVX512: .avx512
            case NEOS_KDE_LANES_AVX2_FMA: .avx2
            default: .baseline
            }
            switch choose(ProcessInfo.processInfo.environment[environmentVariable], detected: detected, supported: supported) {
            case let .success(chosen): return chosen
            case let .failure(error): fatalError(error.message)
            }
        }()

        /// A bad value of ``environmentVariable``.
        struct ChoiceError: Error, Equatable {
            let message: String
        }

        /// `detected` when `requested` is nil or empty, else the instruction set it names (case
        /// ignored) if the processor runs it; an error naming the variable otherwise.
        static func choose(_ requested: String?, detected: InstructionSet, supported: [InstructionSet]) -> Result<InstructionSet, ChoiceError> {
            guard let requested, !requested.isEmpty else { return .success(detected) }
            guard let chosen = InstructionSet(rawValue: requested.lowercased()) else {
                return .failure(ChoiceError(message: "\(environmentVariable)=\(requested): expected baseline, avx2 or avx512"))
            }
            guard supported.contains(chosen) else {
                return .failure(ChoiceError(message: "\(environmentVariable)=\(requested): this processor does not run \(chosen.name)"))
            }
            return .success(chosen)
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
