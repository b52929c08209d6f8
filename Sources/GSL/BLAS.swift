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
                    cblas_dgemm(
                        CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), 1, aBuffer.baseAddress, Int32(aColumns),
                        bBuffer.baseAddress, Int32(bColumns), 0, cBuffer.baseAddress, Int32(n)
                    )
                }
            }
            initialized = m * n
        }
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

    /// The number of threads OpenBLAS uses; set 1 when the caller already runs one job per core.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }
}
