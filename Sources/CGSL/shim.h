#ifndef NEOS_CGSL_SHIM_H
#define NEOS_CGSL_SHIM_H
// The GSL headers the Swift layer (target GSL) uses. Nothing else includes C.
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_cblas.h>
#include <malloc.h>

// OpenBLAS extension (the library linked for CBLAS, see module.modulemap).
void openblas_set_num_threads(int num_threads);
char *openblas_get_corename(void);

// GSL exposes its algorithm tables as mutable globals, which Swift 6 rejects as shared
// mutable state; these accessors hand them over as values.
static inline const gsl_rng_type *neos_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_root_fsolver_type *neos_gsl_root_fsolver_brent(void) { return gsl_root_fsolver_brent; }
static inline const gsl_multimin_fdfminimizer_type *neos_gsl_multimin_vector_bfgs2(void) {
    return gsl_multimin_fdfminimizer_vector_bfgs2;
}
#endif
