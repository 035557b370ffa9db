#include "float_kernels.h"

#if defined(__AVX512F__)
#include <immintrin.h>
// GCC 12's avx512fintrin.h builds _mm512_abs_ps, _mm512_roundscale_ps and friends on _mm512_undefined_ps(),
// which its own -Wmaybe-uninitialized then reports once inlined here: a false positive of the header, not our
// code.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

namespace gelulab::kernels {

bool hasVectorKernels() {
#if defined(__AVX512F__)
    return true;
#else
    return false;
#endif
}

#if defined(__AVX512F__)
namespace {

// gelu(x) in float, 16 lanes at a time, all in float arithmetic, within 4 ulp of the correctly rounded value.
//
// With a = |x| and Q(a) = Φ(−a): gelu(x) = x·Q(a) for x < 0 and x − x·Q(a) for x ≥ 0 (no cancellation: Q ≤
// 1/2). Q(a) = exp(−a²/2)·G(a), where G(a) = exp(a²/2)·Q(a) (the Mills ratio over √(2π)) is smooth and slowly
// varying:
//   - a² is exact as hi + lo (fma); exp(−hi/2) = 2ⁿ·(1 + q), n = round(−hi/2·log₂e), the reduction r = −hi/2
//   − n·ln2
//     with ln2 split so that n·ln2_hi is exact, and q = r + r²·S(r) (S a degree-4 minimax fit, relative error
//     3.8e-9); the factor exp(−lo/2) ≈ 1 − lo/2 joins a first-order correction;
//   - G(a) = t·P(t − 0.5606), t = 1/d, d = 1 + a/2, P of degree 11 (relative error 3.0e-9 over a ∈ [0, 14.5]
//   with the
//     coefficients rounded to float; its constant term is a float pair). d's rounding error dlo is exact (d −
//     1 is exact here), and 1/(d + dlo) = t·(1 + resid) with resid = 1 − d·t − dlo·t;
//   - everything multiplies into X = x·t·P, corrected once by fma(X, corr, X) with corr = q + c + c·q,
//     c = resid − lo/2, and scaled by 2ⁿ (vscalefps) last, so a result in the subnormal range rounds only
//     once.
// x is clamped to ±100 first (the gate is exactly 0 or 1 far beyond ±15 in float; ±inf then come out as x and
// −0, NaN passes through the clamp). The coefficients come from scripts/fit_gelu_float.py.
constexpr float kCentre = 0.56060606f;
constexpr float kP0Hi = 0.3564680218696594f;
constexpr float kP0Lo = -1.0918658865932684e-08f;
constexpr float kP[11] = {0.33677077293395996f,   0.031033456325531006f, -0.14412902295589447f,
                          0.025136198848485947f,  0.0822390764951706f,   -0.07457709312438965f,
                          -0.007006852421909571f, 0.07805542647838593f,  -0.06699064373970032f,
                          -0.031016943976283073f, 0.06763162463903427f};
constexpr float kExpS[5] = {0.4999999403953552f, 0.1666652113199234f, 0.04166838899254799f,
                            0.008368710055947304f, 0.0013814610429108143f};

inline __m512 splat(float v) {
    return _mm512_set1_ps(v);
}

inline __m512 gelu16(__m512 x) {
    const __m512 xc = _mm512_min_ps(splat(100.0f), _mm512_max_ps(splat(-100.0f), x)); // NaN stays NaN
    const __m512 a = _mm512_abs_ps(xc);
    const __m512 hi = _mm512_mul_ps(a, a);
    const __m512 lo = _mm512_fmsub_ps(a, a, hi);
    const __m512 y = _mm512_mul_ps(hi, splat(-0.5f));
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(y, splat(1.4426950408889634f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, splat(0.693145751953125f), y);
    r = _mm512_fnmadd_ps(n, splat(1.42860682030941723212e-6f), r);
    __m512 s4 = _mm512_fmadd_ps(splat(kExpS[4]), r, splat(kExpS[3]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[2]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[1]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[0]));
    const __m512 q = _mm512_fmadd_ps(s4, _mm512_mul_ps(r, r), r); // exp(r) = 1 + q

    const __m512 d = _mm512_fmadd_ps(a, splat(0.5f), splat(1.0f));
    const __m512 dlo = _mm512_fmadd_ps(a, splat(0.5f), _mm512_sub_ps(splat(1.0f), d));
    const __m512 t = _mm512_div_ps(splat(1.0f), d);
    const __m512 resid = _mm512_fnmadd_ps(dlo, t, _mm512_fnmadd_ps(d, t, splat(1.0f)));
    const __m512 s = _mm512_sub_ps(t, splat(kCentre));
    __m512 p = _mm512_fmadd_ps(splat(kP[10]), s, splat(kP[9]));
    for (int k = 8; k >= 0; --k)
        p = _mm512_fmadd_ps(p, s, splat(kP[k]));
    p = _mm512_add_ps(_mm512_fmadd_ps(p, s, splat(kP0Lo)), splat(kP0Hi));

    const __m512 bulk = _mm512_mul_ps(_mm512_mul_ps(xc, t), p);
    const __m512 c = _mm512_fmadd_ps(lo, splat(-0.5f), resid);
    const __m512 corr = _mm512_add_ps(_mm512_fmadd_ps(c, q, c), q);
    const __m512 xq = _mm512_scalef_ps(_mm512_fmadd_ps(bulk, corr, bulk), n); // x·Q(a)
    const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
    return _mm512_mask_sub_ps(xq, notNegative, x, xq);
}

} // namespace
#endif

bool geluFloat(const float *x, float *y, std::size_t n, int order, const double *) {
#if defined(__AVX512F__)
    if (order != 0) return false;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, gelu16(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const auto mask = static_cast<__mmask16>((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(y + i, mask, gelu16(_mm512_maskz_loadu_ps(mask, x + i)));
    }
    return true;
#else
    (void)x, (void)y, (void)n, (void)order;
    return false;
#endif
}

bool reluFloat(const float *x, float *y, std::size_t n, int order, const double *) {
    if (order > 1) return false;
    // Written so that the compiler vectorises it and NaN stays NaN (!(NaN <= 0) is true).
    if (order == 0) {
        for (std::size_t i = 0; i < n; ++i)
            y[i] = !(x[i] <= 0.0f) ? x[i] : 0.0f;
    } else {
        for (std::size_t i = 0; i < n; ++i)
            y[i] = x[i] > 0.0f ? 1.0f : (x[i] <= 0.0f ? 0.0f : x[i]);
    }
    return true;
}

} // namespace gelulab::kernels
