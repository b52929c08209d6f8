#ifndef NEOS_CKDEKERNEL_H
#define NEOS_CKDEKERNEL_H

/// The KDE histogram's eight-event kernel, eight events to the SIMD lanes and every edge of a run,
/// compiled three times (AVX-512, AVX2 with FMA, and the compiler's baseline) and chosen at run
/// time by what the processor supports. Swift's SoftHistograms module owns the semantics (see
/// KDEKernel.swift and KDEKernel+EventLanes.swift); this is only its hot loop, in C because Swift
/// cannot compile one function for several instruction sets and pick one at run time.

/// Most finite edges the kernel takes (it keeps a vector sum per bin on the stack).
#define NEOS_KDE_LANES_MAX_EDGES 128

/// Instruction sets the kernel is compiled for.
typedef enum {
    NEOS_KDE_LANES_BASELINE = 0,
    NEOS_KDE_LANES_AVX2_FMA = 1,
    NEOS_KDE_LANES_AVX512 = 2,
} neos_kde_lanes_isa;

/// Sorted finite edges t_0 < … < t_{K−1} (K ≤ NEOS_KDE_LANES_MAX_EDGES), 1/h, and whether the
/// histogram has an open bin below t_0 and above t_{K−1} (0 or 1 each).
typedef struct {
    const double *edges;
    long edge_count;
    double inverse_bandwidth;
    long lower_shift;
    long upper_shift;
} neos_kde_lanes;

/// The best instruction set this processor runs.
neos_kde_lanes_isa neos_kde_lanes_best_isa(void);

/// Whether this processor runs `isa`.
int neos_kde_lanes_supports(neos_kde_lanes_isa isa);

/// Adds Σ_k w_k mass_b(x_k) over events k in [begin, end) to out[b] for every bin b
/// (w_k = 1 when `weights` is NULL).
void neos_kde_lanes_counts(neos_kde_lanes_isa isa, const neos_kde_lanes *kernel,
                           const double *values, const double *weights, long begin, long end,
                           double *out);

/// For events k in [begin, end), the gradients of Σ_b v_b counts_b, with c_j (K coefficients)
/// the cotangent's differences across edge j:
///   value_gradient[k]  = −(w/h) Σ_j c_j φ_j                      (skipped when NULL)
///   weight_gradient[k] = Σ_j c_j σ_j + v(bin holding x_k)        (skipped when NULL)
///   edge_sums[j]      += Σ_k (w/h) c_j φ_j                        (skipped when NULL)
///   *bandwidth_sum    += −Σ_k (w/h) Σ_j c_j φ_j z_j               (skipped when NULL)
void neos_kde_lanes_pullback(neos_kde_lanes_isa isa, const neos_kde_lanes *kernel,
                             const double *coefficients, const double *cotangent,
                             const double *values, const double *weights, long begin, long end,
                             double *value_gradient, double *weight_gradient,
                             double *edge_sums, double *bandwidth_sum);

#endif
