import Foundation
import GSL
import NeosCLI

// An OpenBLAS older than the processor falls back to generic kernels that make the dense layers
// six times slower; run again with the kernel family the processor supports (see
// BLAS.recommendedCoreType). An explicit OPENBLAS_CORETYPE is always respected.
if ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil, let core = BLAS.recommendedCoreType {
    setenv("OPENBLAS_CORETYPE", core, 1)
    let arguments = CommandLine.unsafeArgv
    execv("/proc/self/exe", arguments)
}

BLAS.keepLargeBuffersInHeap()

NeosCommand.main()
