#include "CKDEKernel.h"

// One source, three instruction sets: the kernel bodies below are always-inline functions on
// GCC/Clang vector types of eight doubles, inlined into a wrapper per instruction set (AVX-512:
// one register per vector; AVX2 with FMA: two; the baseline: four SSE2 registers on x86-64,
// NEON on arm64). The arithmetic is that of StandardNormal.swift, with the same coefficients
// (fixtures/relaxed/normal_tail_coefficients.py): see there for the formulas and their accuracy.

// Every function taking or returning a vector is always inlined into a wrapper of one instruction
// set, so no vector ever crosses a call: the ABI warning about 512-bit arguments does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

#define LANES 8
typedef double lanes_t __attribute__((vector_size(LANES * sizeof(double))));
typedef long long mask_t __attribute__((vector_size(LANES * sizeof(double))));

#define INLINE static inline __attribute__((always_inline))

/// |z| beyond which a kernel's tail is dropped (StandardNormal.cutoff).
static const double cutoff = 9.0;

INLINE lanes_t splat(double x) {
    return (lanes_t){x, x, x, x, x, x, x, x};
}

/// a where mask is set, else b.
INLINE lanes_t select(mask_t mask, lanes_t a, lanes_t b) {
    return (lanes_t)(((mask_t)a & mask) | ((mask_t)b & ~mask));
}

INLINE lanes_t absolute(lanes_t z) {
    const long long magnitude_bits = 0x7FFFFFFFFFFFFFFFLL;
    return (lanes_t)((mask_t)z & magnitude_bits);
}

INLINE double lane_sum(lanes_t v) {
    double sum = 0;
    for (int l = 0; l < LANES; l++) sum += v[l];
    return sum;
}

/// e^r for |r| ≤ ln2/2: the degree-11 polynomial of StandardNormal.expReduced, Estrin's scheme.
INLINE lanes_t exp_reduced(lanes_t r) {
    lanes_t r2 = r * r;
    lanes_t r4 = r2 * r2;
    lanes_t q0 = (r + 1.0) + (0.5000000000000019 + 0.1666666666666668 * r) * r2;
    lanes_t q1 = (0.0416666666664881 + 0.008333333333319601 * r)
        + (0.0013888888952314775 + 0.00019841269890047113 * r) * r2;
    lanes_t q2 = (2.4801485482328494e-05 + 2.755724091857897e-06 * r)
        + (2.763263963904103e-07 + 2.5110037605963777e-08 * r) * r2;
    return (q0 + q1 * r4) + q2 * (r4 * r4);
}

/// φ(a) = exp(−a²/2)/√(2π) for 0 ≤ a ≤ cutoff: Cody–Waite reduction −a²/2 = k ln2 + r, as
/// StandardNormal.exp (no clamping needed: −a²/2 ≥ −40.5).
INLINE lanes_t density(lanes_t a) {
    const double magic = 6755399441055744.0;  // 1.5 · 2⁵², rounds to the nearest integer
    lanes_t x = -0.5 * a * a;
    lanes_t shifted = x * 1.4426950408889634 + magic;
    lanes_t k = shifted - magic;
    lanes_t r = (x - k * 0.6931467056274414) - k * 4.7493250390316726e-07;
    mask_t scale = ((mask_t)shifted + 1023) << 52;
    return exp_reduced(r) * (lanes_t)scale * 0.3989422804014327;
}

/// The Mills ratio (1 − Φ(a))/φ(a) for 0 ≤ a ≤ 10: StandardNormal.millsRatio.
INLINE lanes_t mills_ratio(lanes_t a) {
    lanes_t s = (2.2 * a - 6.0) / (a + 6.0);
    lanes_t s2 = s * s;
    lanes_t s4 = s2 * s2;
    lanes_t s8 = s4 * s4;
    lanes_t p0 = 0.3299401773573424 - 0.39734143204678396 * s;
    lanes_t p1 = 0.26605831454061946 - 0.14948122435955777 * s;
    lanes_t p2 = 0.070646306155448 - 0.027926375736422322 * s;
    lanes_t p3 = 0.009084256045384728 - 0.0023483441259924604 * s;
    lanes_t p4 = 0.000445188510192478 - 4.728477901361916e-05 * s;
    lanes_t p5 = -2.6768149571959148e-06 + 1.9293058751303873e-06 * s;
    lanes_t p6 = -2.101929958713803e-07 - 3.915669448689407e-08 * s;
    lanes_t p7 = 1.1762066072766894e-08 + 4.744107182145067e-10 * s;
    lanes_t p8 = -4.862794836589185e-10 + 2.2946189067635775e-12 * s;
    lanes_t q4 = p8 + 1.6795506987819317e-11 * s2;
    lanes_t r0 = (p0 + p1 * s2) + (p2 + p3 * s2) * s4;
    lanes_t r1 = (p4 + p5 * s2) + (p6 + p7 * s2) * s4;
    return (r0 + r1 * s8) + q4 * (s8 * s8);
}

/// One edge for eight events: z = (t − x)/h, φ(z) (0 beyond the cutoff), the signed tail
/// σ = Φ(−|z|) for z ≤ 0 and −Φ(−|z|) for z > 0 (so Φ(z) = σ + [z > 0]), and [z > 0].
typedef struct {
    lanes_t z, phi, sigma, above;
} edge_t;

INLINE edge_t edge(double t, lanes_t x, double inverse_bandwidth, int need_sigma) {
    edge_t e;
    e.z = (splat(t) - x) * inverse_bandwidth;
    lanes_t magnitude = absolute(e.z);
    mask_t outside = (mask_t)(magnitude > cutoff);
    lanes_t a = select(outside, splat(cutoff), magnitude);
    e.phi = (lanes_t)((mask_t)density(a) & ~outside);
    mask_t positive = (mask_t)(e.z > 0);
    e.above = (lanes_t)(positive & (mask_t)splat(1.0));
    if (need_sigma) {
        lanes_t tail = e.phi * mills_ratio(a);
        e.sigma = select(positive, -tail, tail);
    } else {
        e.sigma = splat(0);
    }
    return e;
}

/// Eight events from k on: values (lanes past `end` repeat the last one) and weights (0 there).
INLINE void load_events(const double *values, const double *weights, long k, long end, lanes_t *x, lanes_t *w) {
    long count = end - k < LANES ? end - k : LANES;
    for (int l = 0; l < LANES; l++) {
        long i = l < count ? k + l : end - 1;
        (*x)[l] = values[i];
        (*w)[l] = l < count ? (weights ? weights[i] : 1.0) : 0.0;
    }
}

/// The bin with lower edge j − 1 (index j − 1 + lower_shift) gets w·(σ_{j} − σ_{j−1}) from the
/// tails and w·([z_j > 0] − [z_{j−1} > 0]) from the step of Φ at x, with σ_{−1} = 0,
/// [z_{−1} > 0] = 0 below the first edge and σ_K = 0, [z_K > 0] = 1 above the last. The two
/// parts are summed apart, so that tiny tail masses keep their relative accuracy.
INLINE void counts_body(const neos_kde_lanes *kernel, const double *values, const double *weights,
                        long begin, long end, double *out) {
    const long edges = kernel->edge_count;
    const long lower = kernel->lower_shift;
    const long bins = edges - 1 + lower + kernel->upper_shift;
    lanes_t tails[NEOS_KDE_LANES_MAX_EDGES + 1];
    lanes_t steps[NEOS_KDE_LANES_MAX_EDGES + 1];
    for (long b = 0; b < bins; b++) tails[b] = steps[b] = splat(0);
    for (long k = begin; k < end; k += LANES) {
        lanes_t x, w;
        load_events(values, weights, k, end, &x, &w);
        lanes_t previous_sigma = splat(0), previous_above = splat(0);
        for (long j = 0; j < edges; j++) {
            edge_t e = edge(kernel->edges[j], x, kernel->inverse_bandwidth, 1);
            long bin = j - 1 + lower;
            if (bin >= 0) {
                tails[bin] += w * (e.sigma - previous_sigma);
                steps[bin] += w * (e.above - previous_above);
            }
            previous_sigma = e.sigma;
            previous_above = e.above;
        }
        if (kernel->upper_shift) {
            tails[bins - 1] -= w * previous_sigma;
            steps[bins - 1] += w * (1.0 - previous_above);
        }
    }
    for (long b = 0; b < bins; b++) out[b] += lane_sum(tails[b]) + lane_sum(steps[b]);
}

INLINE void pullback_body(const neos_kde_lanes *kernel, const double *coefficients, const double *cotangent,
                          const double *values, const double *weights, long begin, long end,
                          double *value_gradient, double *weight_gradient, double *edge_sums, double *bandwidth_sum) {
    const long edges = kernel->edge_count;
    const long lower = kernel->lower_shift;
    const long bins = edges - 1 + lower + kernel->upper_shift;
    const int need_sigma = weight_gradient != 0;
    const int need_sums = edge_sums != 0 || bandwidth_sum != 0;
    lanes_t edge_terms[NEOS_KDE_LANES_MAX_EDGES];
    for (long j = 0; j < edges; j++) edge_terms[j] = splat(0);
    lanes_t spread = splat(0);
    for (long k = begin; k < end; k += LANES) {
        lanes_t x, w;
        load_events(values, weights, k, end, &x, &w);
        lanes_t scaled = w * kernel->inverse_bandwidth;
        lanes_t slope = splat(0), level = splat(0), at_or_below = splat(0);
        for (long j = 0; j < edges; j++) {
            edge_t e = edge(kernel->edges[j], x, kernel->inverse_bandwidth, need_sigma);
            lanes_t term = coefficients[j] * e.phi;
            slope += term;
            if (need_sigma) {
                level += coefficients[j] * e.sigma;
                at_or_below += 1.0 - e.above;
            }
            if (need_sums) {
                edge_terms[j] += scaled * term;
                spread -= scaled * term * e.z;
            }
        }
        long count = end - k < LANES ? end - k : LANES;
        for (int l = 0; l < count; l++) {
            if (value_gradient) value_gradient[k + l] = -scaled[l] * slope[l];
            if (weight_gradient) {
                // The bin holding x has lower edge (edges at or below x) − 1.
                long j = (long)at_or_below[l] - 1;
                int exists = j >= -lower && j + lower < bins;
                weight_gradient[k + l] = level[l] + (exists ? cotangent[j + lower] : 0);
            }
        }
    }
    if (edge_sums) {
        for (long j = 0; j < edges; j++) edge_sums[j] += lane_sum(edge_terms[j]);
    }
    if (bandwidth_sum) *bandwidth_sum += lane_sum(spread);
}

// MARK: the variants

#define DEFINE_VARIANT(name, attributes)                                                                   \
    attributes static void counts_##name(const neos_kde_lanes *kernel, const double *values,             \
                                         const double *weights, long begin, long end, double *out) {    \
        counts_body(kernel, values, weights, begin, end, out);                                            \
    }                                                                                                      \
    attributes static void pullback_##name(const neos_kde_lanes *kernel, const double *coefficients,     \
                                           const double *cotangent, const double *values,                \
                                           const double *weights, long begin, long end,                  \
                                           double *value_gradient, double *weight_gradient,              \
                                           double *edge_sums, double *bandwidth_sum) {                   \
        pullback_body(kernel, coefficients, cotangent, values, weights, begin, end, value_gradient,       \
                      weight_gradient, edge_sums, bandwidth_sum);                                         \
    }

DEFINE_VARIANT(baseline, )
#if defined(__x86_64__)
DEFINE_VARIANT(avx2, __attribute__((target("avx2,fma"))))
DEFINE_VARIANT(avx512, __attribute__((target("avx512f"))))
#endif

int neos_kde_lanes_supports(neos_kde_lanes_isa isa) {
    switch (isa) {
    case NEOS_KDE_LANES_BASELINE:
        return 1;
#if defined(__x86_64__)
    case NEOS_KDE_LANES_AVX2_FMA:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case NEOS_KDE_LANES_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f");
#endif
    default:
        return 0;
    }
}

neos_kde_lanes_isa neos_kde_lanes_best_isa(void) {
    if (neos_kde_lanes_supports(NEOS_KDE_LANES_AVX512)) return NEOS_KDE_LANES_AVX512;
    if (neos_kde_lanes_supports(NEOS_KDE_LANES_AVX2_FMA)) return NEOS_KDE_LANES_AVX2_FMA;
    return NEOS_KDE_LANES_BASELINE;
}

void neos_kde_lanes_counts(neos_kde_lanes_isa isa, const neos_kde_lanes *kernel, const double *values,
                           const double *weights, long begin, long end, double *out) {
    switch (isa) {
#if defined(__x86_64__)
    case NEOS_KDE_LANES_AVX512:
        counts_avx512(kernel, values, weights, begin, end, out);
        return;
    case NEOS_KDE_LANES_AVX2_FMA:
        counts_avx2(kernel, values, weights, begin, end, out);
        return;
#endif
    default:
        counts_baseline(kernel, values, weights, begin, end, out);
    }
}

void neos_kde_lanes_pullback(neos_kde_lanes_isa isa, const neos_kde_lanes *kernel, const double *coefficients,
                             const double *cotangent, const double *values, const double *weights, long begin,
                             long end, double *value_gradient, double *weight_gradient, double *edge_sums,
                             double *bandwidth_sum) {
    switch (isa) {
#if defined(__x86_64__)
    case NEOS_KDE_LANES_AVX512:
        pullback_avx512(kernel, coefficients, cotangent, values, weights, begin, end, value_gradient,
                        weight_gradient, edge_sums, bandwidth_sum);
        return;
    case NEOS_KDE_LANES_AVX2_FMA:
        pullback_avx2(kernel, coefficients, cotangent, values, weights, begin, end, value_gradient,
                      weight_gradient, edge_sums, bandwidth_sum);
        return;
#endif
    default:
        pullback_baseline(kernel, coefficients, cotangent, values, weights, begin, end, value_gradient,
                          weight_gradient, edge_sums, bandwidth_sum);
    }
}
