import CGSL
import Foundation

/// Dense matrix products by CBLAS (`cblas_dgemm`, served by OpenBLAS), on row-major arrays.
public enum BLAS {
    /// op(A)·op(B) for row-major A (aRows × aColumns) and B (bRows × bColumns), where op transposes
    /// when asked. The result is row-major with op(A)'s rows and op(B)'s columns.
    public static func product(
        _ a: [Double], rows aRows: Int, columns aColumns: Int, transposingA transposeA: Bool = false,
        times b: [Double], rows bRows: Int, columns bColumns: Int, transposingB transposeB: Bool = false
    ) -> [Double] {
        precondition(a.count == aRows * aColumns && b.count == bRows * bColumns, "array sizes do not match their shapes")
        let (m, k) = transposeA ? (aColumns, aRows) : (aRows, aColumns)
        let (kB, n) = transposeB ? (bColumns, bRows) : (bRows, bColumns)
        precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
        guard m > 0, n > 0, k > 0 else { return [Double](repeating: 0, count: m * n) }
        // dgemm with β = 0 writes every element, so the result needs no zero fill.
        return [Double](unsafeUninitializedCapacity: m * n) { cBuffer, initialized in
            a.withUnsafeBufferPointer { aBuffer in
                b.withUnsafeBufferPointer { bBuffer in
                    multiply(m: m, n: n, k: k, aBuffer.baseAddress!, rowLength: aColumns, transposingA: transposeA,
                             bBuffer.baseAddress!, rowLength: bColumns, transposingB: transposeB,
                             into: cBuffer.baseAddress!, rowLength: n, adding: false)
                }
            }
            initialized = m * n
        }
    }

    /// C ← op(A)·op(B) (or C ← C + op(A)·op(B) when `adding`) on row-major storage, where op(A) is
    /// m × k, op(B) is k × n, and each matrix's rows are `rowLength` doubles apart in memory (so
    /// that a block of rows inside a larger matrix can be used in place).
    public static func multiply(
        m: Int, n: Int, k: Int,
        _ a: UnsafePointer<Double>, rowLength aRowLength: Int, transposingA transposeA: Bool = false,
        _ b: UnsafePointer<Double>, rowLength bRowLength: Int, transposingB transposeB: Bool = false,
        into c: UnsafeMutablePointer<Double>, rowLength cRowLength: Int, adding: Bool
    ) {
        cblas_dgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), 1, a, Int32(aRowLength), b, Int32(bRowLength), adding ? 1 : 0, c, Int32(cRowLength)
        )
    }

    /// The kernel family OpenBLAS picked for this processor (e.g. "SkylakeX", "Haswell").
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// A better OpenBLAS kernel family for this processor when the installed OpenBLAS did not
    /// recognise it and fell back to its generic SSE3 kernels ("Prescott"), as Debian 12's 0.3.21
    /// does on processors newer than itself; nil when its choice is fine. OpenBLAS reads the
    /// choice from `OPENBLAS_CORETYPE` when it loads, so a process applies it by re-executing.
    public static var recommendedCoreType: String? {
        guard coreName.lowercased() == "prescott",
              let flags = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
                .split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return nil }
        let features = Set(flags.split(separator: " ").map(String.init))
        if features.isSuperset(of: ["avx512f", "avx512dq", "avx512bw", "avx512vl"]) { return "SkylakeX" }
        if features.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Keeps freed megabyte-sized buffers (a dense layer's activations for thousands of events) in
    /// the heap instead of returning them to the kernel, which glibc does by default above 128 kB
    /// and which makes every training step fault its memory in again.
    public static func keepLargeBuffersInHeap() {
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 30)
        _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
    }

    /// Makes OpenBLAS run every product on the calling thread (idempotent). The callers spread
    /// their work over the cores themselves (a network's batch in chunks of rows, seed ensembles
    /// one run per core); OpenBLAS's own threads would compete with them, and between products
    /// they spin in `sched_yield` waiting for work.
    public static func runOnCallingThread() {
        _ = singleThreaded
    }

    private static let singleThreaded: Void = openblas_set_num_threads(1)
}
