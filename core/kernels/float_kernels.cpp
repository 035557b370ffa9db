#include "float_kernels.h"

#include "tanh_series.h"

#include <array>

#if defined(__AVX512F__)
#include <immintrin.h>

#include <cstdint>
// GCC 12's avx512fintrin.h builds _mm512_abs_ps, _mm512_roundscale_ps and friends on _mm512_undefined_ps(),
// which its own -Wmaybe-uninitialized then reports once inlined here: a false positive of the header, not our
// code.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
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

// v·2ˢ correctly rounded, also where the result is subnormal, without subnormal floating-point arithmetic (an
// x86 core takes a slow microcode assist for each instruction that produces one): such lanes are built as
// integers, round(|v|·2^(s+149)) being exactly the subnormal's bit pattern. Needs |v| < 64, so that no lane
// with s ≥ −120 can come out subnormal: then one comparison decides the common case.
inline __m512 scaleNoAssist(__m512 v, __m512 s) {
    if (!_mm512_cmp_ps_mask(s, splat(-120.0f), _CMP_LT_OQ)) return _mm512_scalef_ps(v, s);
    const __m512 exponent = _mm512_add_ps(_mm512_getexp_ps(v), s);
    const __mmask16 tiny = _mm512_cmp_ps_mask(exponent, splat(-126.0f), _CMP_LT_OQ);
    if (!tiny) return _mm512_scalef_ps(v, s);
    const __m512 normal = _mm512_scalef_ps(v, _mm512_mask_mov_ps(s, tiny, _mm512_setzero_ps()));
    const __m512 units = _mm512_maskz_scalef_ps(tiny, _mm512_abs_ps(v), _mm512_add_ps(s, splat(149.0f)));
    const __m512i bits = _mm512_or_si512(
        _mm512_cvtps_epi32(units), _mm512_and_si512(_mm512_castps_si512(v), _mm512_set1_epi32(INT32_MIN)));
    return _mm512_mask_mov_ps(normal, tiny, _mm512_castsi512_ps(bits));
}

// The Gaussian pieces shared by f and f′, for a = |x| (x clamped to ±100): exp(−a²/2) = 2ⁿ·(1 + q)·(1 − lo/2)
// and G(a) = t·P·(1 + resid), as described above.
struct GaussTerms {
    __m512 xc, a, n, q, lo, t, resid, p;
};

inline GaussTerms gaussTerms(__m512 x) {
    GaussTerms g;
    g.xc = _mm512_min_ps(splat(100.0f), _mm512_max_ps(splat(-100.0f), x)); // NaN stays NaN
    g.a = _mm512_abs_ps(g.xc);
    const __m512 hi = _mm512_mul_ps(g.a, g.a);
    g.lo = _mm512_fmsub_ps(g.a, g.a, hi);
    const __m512 y = _mm512_mul_ps(hi, splat(-0.5f));
    g.n = _mm512_roundscale_ps(_mm512_mul_ps(y, splat(1.4426950408889634f)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(g.n, splat(0.693145751953125f), y);
    r = _mm512_fnmadd_ps(g.n, splat(1.42860682030941723212e-6f), r);
    __m512 s4 = _mm512_fmadd_ps(splat(kExpS[4]), r, splat(kExpS[3]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[2]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[1]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[0]));
    g.q = _mm512_fmadd_ps(s4, _mm512_mul_ps(r, r), r); // exp(r) = 1 + q

    const __m512 d = _mm512_fmadd_ps(g.a, splat(0.5f), splat(1.0f));
    const __m512 dlo = _mm512_fmadd_ps(g.a, splat(0.5f), _mm512_sub_ps(splat(1.0f), d));
    g.t = _mm512_div_ps(splat(1.0f), d);
    g.resid = _mm512_fnmadd_ps(dlo, g.t, _mm512_fnmadd_ps(d, g.t, splat(1.0f)));
    const __m512 s = _mm512_sub_ps(g.t, splat(kCentre));
    __m512 p = _mm512_fmadd_ps(splat(kP[10]), s, splat(kP[9]));
    for (int k = 8; k >= 0; --k)
        p = _mm512_fmadd_ps(p, s, splat(kP[k]));
    g.p = _mm512_add_ps(_mm512_fmadd_ps(p, s, splat(kP0Lo)), splat(kP0Hi));
    return g;
}

inline __m512 gelu16(__m512 x) {
    const GaussTerms g = gaussTerms(x);
    const __m512 bulk = _mm512_mul_ps(_mm512_mul_ps(g.xc, g.t), g.p);
    const __m512 c = _mm512_fmadd_ps(g.lo, splat(-0.5f), g.resid);
    const __m512 corr = _mm512_add_ps(_mm512_fmadd_ps(c, g.q, c), g.q);
    const __m512 xq = scaleNoAssist(_mm512_fmadd_ps(bulk, corr, bulk), g.n); // x·Q(a)
    const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
    return _mm512_mask_sub_ps(xq, notNegative, x, xq);
}

// gelu′(x) = Φ(x) + x·φ(x), within 4 ulp. With B = G(a) − a/√(2π): for x ≥ 0 it is 1 − exp(−a²/2)·B (at least
// 1/2, no cancellation); for x < −1.3 it is exp(−a²/2)·B with |B| > 0.77·G. Between −1.3 and 0 the two terms
// cancel towards the zero of gelu′ at x₀ ≈ −0.75179, so there it is (x − x₀)·R(x − c), R of degree 9
// (relative error 1.6e-8 with float coefficients, from scripts/fit_gelu_float.py) and x₀ a float pair.
constexpr float kInvSqrt2PiHi = 0.3989422917366028f;
constexpr float kInvSqrt2PiLo = -1.1335170135851058e-08f;
// A derivative next to its zero x₀ as (x − x₀)·R(x − c): x₀ as a float pair, R of degree 9.
struct RootForm {
    float rootHi, rootLo, centre;
    float r[10];
};

inline __m512 rootForm16(__m512 x, const RootForm &form) {
    const __m512 s = _mm512_sub_ps(x, splat(form.centre));
    __m512 R = _mm512_fmadd_ps(splat(form.r[9]), s, splat(form.r[8]));
    for (int k = 7; k >= 0; --k)
        R = _mm512_fmadd_ps(R, s, splat(form.r[k]));
    return _mm512_mul_ps(_mm512_sub_ps(_mm512_sub_ps(x, splat(form.rootHi)), splat(form.rootLo)), R);
}

constexpr RootForm kGeluDerivativeRoot{-0.7517915368080139f,
                                       1.211444988769017e-08f,
                                       -0.6499999761581421f,
                                       {0.4707079231739044f, 0.3809843063354492f, -0.05372120067477226f,
                                        -0.11792256683111191f, -0.00427226023748517f, 0.021656598895788193f,
                                        0.002745638135820627f, -0.0027318671345710754f,
                                        -0.0004965759580954909f, 0.0002154005051124841f}};

inline __m512 geluDerivative16(__m512 x) {
    const GaussTerms g = gaussTerms(x);
    const __m512 tp = _mm512_mul_ps(g.t, g.p);
    const __m512 G = _mm512_fmadd_ps(tp, g.resid, tp);
    const __m512 B =
        _mm512_fnmadd_ps(g.a, splat(kInvSqrt2PiLo), _mm512_fnmadd_ps(g.a, splat(kInvSqrt2PiHi), G));
    const __m512 c = _mm512_mul_ps(g.lo, splat(-0.5f));
    const __m512 corr = _mm512_add_ps(_mm512_fmadd_ps(c, g.q, c), g.q);
    const __m512 eB = scaleNoAssist(_mm512_fmadd_ps(B, corr, B), g.n); // exp(−a²/2)·B
    const __m512 positive = _mm512_sub_ps(splat(1.0f), eB);
    const __m512 central = rootForm16(g.xc, kGeluDerivativeRoot); // around the zero
    const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
    const __mmask16 far = _mm512_cmp_ps_mask(x, splat(-1.3f), _CMP_LT_OQ);
    return _mm512_mask_mov_ps(_mm512_mask_mov_ps(central, far, eB), notNegative, positive);
}

// x·σ(g) (or σ(g) alone), the gate of gelu_tanh, gelu_sigmoid, silu and sigmoid, within 4 ulp. For x < 0 the
// result is about x·e^g, so g's absolute error becomes its relative error: the callers pass g as a float pair
// g + glo (error-free products through fma, constants as float pairs) with the sign of x, and the reduction
// −|g| = n·ln2 + r keeps glo. Then E = e^−|g| = 2ⁿ·(1 + q) with q = r + r²·S(r), and x·σ(g) = x/(1 + E) for
// g ≥ 0, 2ⁿ·x·(1 + q)/(1 + E) for g < 0, the power of two applied last so that subnormal results round once.
// xc is x clamped where the gate is already exactly 0 or 1 in float, with |g| ≤ 354 so that n·ln2_hi stays
// exact; NaN passes through the clamps.
inline __m512 logisticGate16(__m512 x, __m512 xc, __m512 g, __m512 glo, bool timesX) {
    const __m512 flip = _mm512_andnot_ps(g, splat(-0.0f)); // the sign bit where g ≥ 0
    const __m512 gNeg = _mm512_xor_ps(g, flip);
    const __m512 gNegLo = _mm512_xor_ps(glo, flip);
    const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(gNeg, splat(1.4426950408889634f)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, splat(0.693145751953125f), gNeg);
    r = _mm512_add_ps(_mm512_fnmadd_ps(n, splat(1.42860682030941723212e-6f), r), gNegLo);
    __m512 s4 = _mm512_fmadd_ps(splat(kExpS[4]), r, splat(kExpS[3]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[2]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[1]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[0]));
    const __m512 q = _mm512_fmadd_ps(s4, _mm512_mul_ps(r, r), r); // e^r = 1 + q
    // E = e^−|g|, only as far as it matters next to 1: keeping E normal avoids slow subnormal arithmetic.
    const __m512 e = _mm512_scalef_ps(_mm512_add_ps(q, splat(1.0f)), _mm512_max_ps(n, splat(-40.0f)));
    const __m512 denominator = _mm512_add_ps(e, splat(1.0f));
    const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
    // g ≥ 0 exactly when x ≥ 0: x/(1 + E); otherwise x·(1 + q)/(1 + E), scaled by 2ⁿ (without the x for σ).
    const __m512 numerator =
        timesX ? _mm512_mask_mov_ps(_mm512_fmadd_ps(xc, q, xc), notNegative, x)
               : _mm512_mask_mov_ps(_mm512_add_ps(q, splat(1.0f)), notNegative, splat(1.0f));
    const __m512 scale = _mm512_mask_mov_ps(n, notNegative, _mm512_setzero_ps());
    return scaleNoAssist(_mm512_div_ps(numerator, denominator), scale);
}

// gelu_tanh: g = 2√(2/π)·(x + 0.044715·x³), x clamped to ±12 (|g| ≤ 143).
constexpr float kTanhK1Hi = 1.5957691669464111f; // 2√(2/π)
constexpr float kTanhK1Lo = -4.534068054340423e-08f;
constexpr float kTanhK3Hi = 0.07135481387376785f; // 2√(2/π)·0.044715
constexpr float kTanhK3Lo = 2.3988324659995897e-09f;

inline void tanhArgument16(__m512 x, __m512 &xc, __m512 &g, __m512 &glo) {
    xc = _mm512_min_ps(splat(12.0f), _mm512_max_ps(splat(-12.0f), x)); // NaN stays NaN
    // x³ and the two products as float pairs.
    const __m512 x2 = _mm512_mul_ps(xc, xc);
    const __m512 x2lo = _mm512_fmsub_ps(xc, xc, x2);
    const __m512 x3 = _mm512_mul_ps(x2, xc);
    const __m512 x3lo = _mm512_fmadd_ps(x2lo, xc, _mm512_fmsub_ps(x2, xc, x3));
    const __m512 p1 = _mm512_mul_ps(xc, splat(kTanhK1Hi));
    const __m512 p1lo = _mm512_fmadd_ps(xc, splat(kTanhK1Lo), _mm512_fmsub_ps(xc, splat(kTanhK1Hi), p1));
    const __m512 p3 = _mm512_mul_ps(x3, splat(kTanhK3Hi));
    const __m512 p3lo =
        _mm512_fmadd_ps(x3, splat(kTanhK3Lo),
                        _mm512_fmadd_ps(x3lo, splat(kTanhK3Hi), _mm512_fmsub_ps(x3, splat(kTanhK3Hi), p3)));
    // g = p1 + p3 (TwoSum).
    g = _mm512_add_ps(p1, p3);
    const __m512 back = _mm512_sub_ps(g, p1);
    const __m512 sumError = _mm512_add_ps(_mm512_sub_ps(p1, _mm512_sub_ps(g, back)), _mm512_sub_ps(p3, back));
    glo = _mm512_add_ps(sumError, _mm512_add_ps(p1lo, p3lo));
}

inline __m512 geluTanh16(__m512 x) {
    __m512 xc, g, glo;
    tanhArgument16(x, xc, g, glo);
    return logisticGate16(x, xc, g, glo, true);
}

// gelu_sigmoid: g = 1.702·x with 1.702 as a float pair, x clamped to ±65 (|g| ≤ 111).
inline __m512 geluSigmoid16(__m512 x) {
    const __m512 xc = _mm512_min_ps(splat(65.0f), _mm512_max_ps(splat(-65.0f), x)); // NaN stays NaN
    const __m512 g = _mm512_mul_ps(xc, splat(1.7020000219345093f));
    const __m512 glo = _mm512_fmadd_ps(xc, splat(-2.1934509319976314e-08f),
                                       _mm512_fmsub_ps(xc, splat(1.7020000219345093f), g));
    return logisticGate16(x, xc, g, glo, true);
}

// silu: g = x, clamped to ±110.
inline __m512 silu16(__m512 x) {
    const __m512 xc = _mm512_min_ps(splat(110.0f), _mm512_max_ps(splat(-110.0f), x)); // NaN stays NaN
    return logisticGate16(x, xc, xc, _mm512_setzero_ps(), true);
}

// sigmoid: σ(x), x clamped to ±110.
inline __m512 sigmoid16(__m512 x) {
    const __m512 xc = _mm512_min_ps(splat(110.0f), _mm512_max_ps(splat(-110.0f), x)); // NaN stays NaN
    return logisticGate16(x, xc, xc, _mm512_setzero_ps(), false);
}

// e^z for z ≤ 0 (z ≥ −300 so that n·ln2_hi stays exact) as 2ⁿ·(1 + q), the way the gates reduce it.
inline void expReduced16(__m512 z, __m512 &n, __m512 &q, __m512 zlo = _mm512_setzero_ps()) {
    n = _mm512_roundscale_ps(_mm512_mul_ps(z, splat(1.4426950408889634f)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, splat(0.693145751953125f), z);
    r = _mm512_add_ps(_mm512_fnmadd_ps(n, splat(1.42860682030941723212e-6f), r), zlo);
    __m512 s4 = _mm512_fmadd_ps(splat(kExpS[4]), r, splat(kExpS[3]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[2]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[1]));
    s4 = _mm512_fmadd_ps(s4, r, splat(kExpS[0]));
    q = _mm512_fmadd_ps(s4, _mm512_mul_ps(r, r), r);
}

// eᶻ − 1 for z ≤ 0 without cancellation: 2ⁿ·q + (2ⁿ − 1), where 2ⁿ − 1 is exact (or within half an ulp of −1
// once 2ⁿ is below float precision, where eᶻ − 1 is −1 to the last bit anyway); for n = 0 it is q itself.
inline __m512 expm1Negative16(__m512 z) {
    __m512 n, q;
    expReduced16(_mm512_max_ps(splat(-120.0f), z), n, q);
    const __m512 p = _mm512_scalef_ps(splat(1.0f), n);
    return _mm512_fmadd_ps(p, q, _mm512_sub_ps(p, splat(1.0f)));
}

// eᶻ for z ≤ 0, subnormal results rounded once.
inline __m512 expNegative16(__m512 z) {
    __m512 n, q;
    expReduced16(_mm512_max_ps(splat(-120.0f), z), n, q);
    return scaleNoAssist(_mm512_add_ps(q, splat(1.0f)), n);
}

// elu-like rows: x for x > 0, else scale·(e^(x/width) − 1); f′ = 1, else (scale/width)·e^(x/width). NaN
// passes (the comparison x > 0 fails and every step keeps the NaN).
inline __m512 eluLike16(__m512 x, float scale, float width, int order) {
    const __m512 z = _mm512_div_ps(_mm512_min_ps(_mm512_setzero_ps(), x), splat(width));
    const __mmask16 positive = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
    if (order == 0) return _mm512_mask_mov_ps(_mm512_mul_ps(splat(scale), expm1Negative16(z)), positive, x);
    return _mm512_mask_mov_ps(_mm512_mul_ps(splat(scale / width), expNegative16(z)), positive, splat(1.0f));
}

// tanh(x) = sign(x)·(−m)/(2 + m) with m = e^(−2|x|) − 1 (no cancellation anywhere); tanh′ = sech² =
// 4E/(1 + E)² with E = e^(−2|x|); tanh″ = −2·tanh·sech².
inline __m512 tanh16(__m512 x, int order) {
    const __m512 a2 = _mm512_mul_ps(_mm512_abs_ps(x), splat(-2.0f)); // exact
    const __m512 m = expm1Negative16(a2);
    const __m512 t =
        _mm512_or_ps(_mm512_div_ps(_mm512_sub_ps(_mm512_setzero_ps(), m), _mm512_add_ps(m, splat(2.0f))),
                     _mm512_and_ps(x, splat(-0.0f)));
    if (order == 0) return t;
    const __m512 ep = expNegative16(a2);
    const __m512 onePlus = _mm512_add_ps(ep, splat(1.0f));
    const __m512 sech2 = _mm512_div_ps(_mm512_mul_ps(splat(4.0f), ep), _mm512_mul_ps(onePlus, onePlus));
    if (order == 1) return sech2;
    return _mm512_mul_ps(_mm512_mul_ps(splat(-2.0f), t), sech2);
}

// σ(g) and σ(−g) for g = g + glo, both accurate (no 1 − σ): with E = e^(−|g|), 1/(1 + E) on the side of the
// sign of g and E/(1 + E) on the other. g is clamped to ±120 (NaN passes).
inline void logisticPair16(__m512 g, __m512 glo, __m512 &s, __m512 &v) {
    const __m512 gc = _mm512_min_ps(splat(120.0f), _mm512_max_ps(splat(-120.0f), g));
    const __m512 flip = _mm512_andnot_ps(gc, splat(-0.0f)); // the sign bit where g ≥ 0
    __m512 n, q;
    expReduced16(_mm512_xor_ps(gc, flip), n, q, _mm512_xor_ps(glo, flip)); // e^(−|g|) = 2ⁿ(1 + q)
    const __m512 e = _mm512_scalef_ps(_mm512_add_ps(q, splat(1.0f)), _mm512_max_ps(n, splat(-40.0f)));
    const __m512 denominator = _mm512_add_ps(e, splat(1.0f));
    const __m512 big = _mm512_div_ps(splat(1.0f), denominator);
    const __m512 small = scaleNoAssist(_mm512_div_ps(_mm512_add_ps(q, splat(1.0f)), denominator), n);
    const __mmask16 notNegative = _mm512_cmp_ps_mask(g, _mm512_setzero_ps(), _CMP_NLT_UQ);
    s = _mm512_mask_mov_ps(small, notNegative, big);
    v = _mm512_mask_mov_ps(big, notNegative, small);
}

inline void logisticPair16(__m512 x, __m512 &s, __m512 &v) {
    logisticPair16(x, _mm512_setzero_ps(), s, v);
}

// mish = x·t, t = tanh(softplus(x)) = s(1 + v)/(1 + v²) with s = σ(x), v = σ(−x); f′ = t + x·sech²·s with
// sech² = 1 − t² = 4v²/(1 + v²)²; f″ = sech²·s·(2 + x(v − 2ts)).
inline __m512 mish16(__m512 x, int order) {
    __m512 s, v;
    logisticPair16(x, s, v);
    const __m512 xc = _mm512_min_ps(splat(120.0f), _mm512_max_ps(splat(-120.0f), x));
    const __m512 v2 = _mm512_fmadd_ps(v, v, splat(1.0f));
    const __m512 t = _mm512_div_ps(_mm512_mul_ps(s, _mm512_add_ps(v, splat(1.0f))), v2);
    const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
    if (order == 0) return _mm512_mul_ps(_mm512_mask_mov_ps(xc, notNegative, x), t);
    const __m512 sech2 =
        _mm512_div_ps(_mm512_mul_ps(splat(4.0f), _mm512_mul_ps(v, v)), _mm512_mul_ps(v2, v2));
    if (order == 1) return _mm512_fmadd_ps(_mm512_mul_ps(xc, sech2), s, t);
    const __m512 inner =
        _mm512_fmadd_ps(xc, _mm512_fnmadd_ps(_mm512_mul_ps(splat(2.0f), t), s, v), splat(2.0f));
    return _mm512_mul_ps(_mm512_mul_ps(sech2, s), inner);
}

// tanhshrink = x − tanh(x): the Taylor series for |x| < 0.6 (ten terms reach 1e-9 there), the difference
// beyond (no cancellation worth a float ulp); f′ = tanh², f″ = 2·tanh·sech².
inline __m512 tanhshrink16(__m512 x, int order) {
    const __m512 t = tanh16(x, 0);
    if (order == 1) return _mm512_mul_ps(t, t);
    if (order == 2) return _mm512_mul_ps(_mm512_mul_ps(splat(2.0f), t), tanh16(x, 1));
    const __m512 w = _mm512_mul_ps(x, x);
    __m512 sum = splat(static_cast<float>(-kTanhCoefficients[21]));
    for (int k = 9; k >= 1; --k)
        sum = _mm512_fmadd_ps(
            sum, w, splat(static_cast<float>(-kTanhCoefficients[static_cast<std::size_t>(2 * k + 1)])));
    const __m512 series = _mm512_mul_ps(_mm512_mul_ps(x, w), sum);
    const __mmask16 small =
        _mm512_cmp_ps_mask(_mm512_abs_ps(x), splat(static_cast<float>(kTanhshrinkSeriesLimit)), _CMP_LT_OQ);
    return _mm512_mask_mov_ps(_mm512_sub_ps(x, t), small, series);
}

// 1/(2k + 1), the coefficients of atanh's series.
constexpr auto kOddReciprocals = [] {
    std::array<double, 10> r{};
    for (std::size_t k = 0; k < r.size(); ++k)
        r[k] = 1.0 / static_cast<double>(2 * k + 1);
    return r;
}();

// log(1 + y) for 0 ≤ y ≤ 1: 2·atanh(u), u = y/(2 + y) ≤ 1/3, by its series 2u·Σ u^(2k)/(2k + 1) (nine terms).
inline __m512 log1pUnit16(__m512 y) {
    const __m512 u = _mm512_div_ps(y, _mm512_add_ps(y, splat(2.0f)));
    const __m512 w = _mm512_mul_ps(u, u);
    __m512 sum = splat(1.0f / 17.0f);
    for (int k = 7; k >= 1; --k)
        sum = _mm512_fmadd_ps(sum, w, splat(static_cast<float>(kOddReciprocals[k])));
    const __m512 twoU = _mm512_add_ps(u, u);
    return _mm512_fmadd_ps(_mm512_mul_ps(twoU, w), sum, twoU);
}

// softplus (β, threshold): z = βx; log(1 + e^z)/β = max(z, 0)/β + log1p(e^(−|z|))/β, written x + L/β for z >
// 0; f′ = σ(z), f″ = β·σ(z)σ(−z); x itself (f′ = 1, f″ = 0) where z > threshold.
inline __m512 softplus16(__m512 x, float beta, float limit, int order) {
    const __m512 z = _mm512_mul_ps(x, splat(beta));
    __m512 s, v;
    logisticPair16(z, s, v);
    const __mmask16 linear = _mm512_cmp_ps_mask(z, splat(limit), _CMP_GT_OQ);
    if (order == 1) return _mm512_mask_mov_ps(s, linear, splat(1.0f));
    if (order == 2)
        return _mm512_mask_mov_ps(_mm512_mul_ps(splat(beta), _mm512_mul_ps(s, v)), linear,
                                  _mm512_setzero_ps());
    const __m512 e = _mm512_div_ps(_mm512_min_ps(s, v), _mm512_max_ps(s, v)); // e^(−|z|)
    const __m512 l = _mm512_div_ps(log1pUnit16(e), splat(beta));
    const __mmask16 positive = _mm512_cmp_ps_mask(z, _mm512_setzero_ps(), _CMP_GT_OQ);
    const __m512 value = _mm512_mask_add_ps(l, positive, x, l);
    return _mm512_mask_mov_ps(value, linear, x);
}

// logsigmoid = −softplus(−x): −L for x > 0, x − L otherwise, L = log1p(e^(−|x|)); f′ = σ(−x), f″ =
// −σ(x)σ(−x).
inline __m512 logsigmoid16(__m512 x, int order) {
    __m512 s, v;
    logisticPair16(x, s, v);
    if (order == 1) return v;
    if (order == 2) return _mm512_sub_ps(_mm512_setzero_ps(), _mm512_mul_ps(s, v));
    const __m512 l = log1pUnit16(_mm512_div_ps(_mm512_min_ps(s, v), _mm512_max_ps(s, v)));
    const __mmask16 positive = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
    return _mm512_mask_mov_ps(_mm512_sub_ps(x, l), positive, _mm512_sub_ps(_mm512_setzero_ps(), l));
}

// Derivatives of the gates. σ′ = σ(x)σ(−x), σ″ = −σ(x)σ(−x)·tanh(x/2) (tanh(x/2) = σ(x) − σ(−x) cancels near
// 0, so it is evaluated as tanh). For z·σ(z) with z = kx: f′ = σ(z)(1 + z·σ(−z)), f″ = k·σ(z)σ(−z)(2 −
// z·tanh(z/2)). For gelu_tanh, with g′ = K₁ + 3K₃x² and g″ = 6K₃x: f′ = σ(g)(1 + x·g′·σ(−g)), f″ =
// σ(g)σ(−g)(2g′ + x·g″ − x·g′²·tanh(g/2)).
inline __m512 sigmoidDerivative16(__m512 x, int order) {
    __m512 s, v;
    logisticPair16(x, s, v);
    const __m512 sv = _mm512_mul_ps(s, v);
    if (order == 1) return sv;
    return _mm512_mul_ps(_mm512_sub_ps(_mm512_setzero_ps(), sv), tanh16(_mm512_mul_ps(x, splat(0.5f)), 0));
}

inline __m512 scaledSiluDerivative16(__m512 x, float kHi, float kLo, int order) {
    // x clamped first, so that z and its low part stay consistent (|z| ≤ 110: the gate is exactly 0 or 1).
    const __m512 xc =
        _mm512_min_ps(splat(110.0f / kHi), _mm512_max_ps(splat(-110.0f / kHi), x)); // NaN stays NaN
    const __m512 zc = _mm512_mul_ps(xc, splat(kHi));
    const __m512 zlo = _mm512_fmadd_ps(xc, splat(kLo), _mm512_fmsub_ps(xc, splat(kHi), zc));
    __m512 s, v;
    logisticPair16(zc, zlo, s, v);
    if (order == 1) return _mm512_mul_ps(s, _mm512_fmadd_ps(zc, v, splat(1.0f)));
    const __m512 inner = _mm512_fnmadd_ps(zc, tanh16(_mm512_mul_ps(zc, splat(0.5f)), 0), splat(2.0f));
    return _mm512_mul_ps(_mm512_mul_ps(splat(kHi), _mm512_mul_ps(s, v)), inner);
}

inline __m512 geluTanhDerivative16(__m512 x, int order) {
    __m512 xc, g, glo;
    tanhArgument16(x, xc, g, glo);
    const __m512 x2 = _mm512_mul_ps(xc, xc);
    const __m512 g1 = _mm512_fmadd_ps(x2, splat(3.0f * kTanhK3Hi), splat(kTanhK1Hi));
    if (order == 1) {
        // With E = e^(−|g|) = 2ⁿ(1 + q) and D = 1 + E: σ(g) = 1/D, σ(−g) = E/D for x ≥ 0, the other way round
        // for x < 0, so f′ = (1 + x·g′·E/D)/D or 2ⁿ·(1 + q)/D·(1 + x·g′/D): one division.
        const __m512 flip = _mm512_andnot_ps(g, splat(-0.0f));
        __m512 n, q;
        expReduced16(_mm512_xor_ps(g, flip), n, q, _mm512_xor_ps(glo, flip));
        const __m512 e = _mm512_scalef_ps(_mm512_add_ps(q, splat(1.0f)), _mm512_max_ps(n, splat(-40.0f)));
        const __m512 inverse = _mm512_div_ps(splat(1.0f), _mm512_add_ps(e, splat(1.0f)));
        const __m512 xg1 = _mm512_mul_ps(xc, g1);
        const __m512 positive =
            _mm512_mul_ps(inverse, _mm512_fmadd_ps(_mm512_mul_ps(xg1, e), inverse, splat(1.0f)));
        const __m512 negative =
            scaleNoAssist(_mm512_mul_ps(_mm512_mul_ps(_mm512_add_ps(q, splat(1.0f)), inverse),
                                        _mm512_fmadd_ps(xg1, inverse, splat(1.0f))),
                          n);
        const __mmask16 notNegative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_NLT_UQ);
        return _mm512_mask_mov_ps(negative, notNegative, positive);
    }
    __m512 s, v;
    logisticPair16(g, glo, s, v);
    const __m512 g2 = _mm512_mul_ps(xc, splat(6.0f * kTanhK3Hi));
    const __m512 th = tanh16(_mm512_mul_ps(g, splat(0.5f)), 0);
    const __m512 inner = _mm512_fnmadd_ps(_mm512_mul_ps(xc, _mm512_mul_ps(g1, g1)), th,
                                          _mm512_fmadd_ps(xc, g2, _mm512_add_ps(g1, g1)));
    return _mm512_mul_ps(_mm512_mul_ps(s, v), inner);
}

// gelu_cauchy = x·F, F = 1/2 + arctan(x)/π = atan2(1, −x)/π: with A = atan(w), w = 1/|x| ∈ [0, ∞], F = A/π
// for x ≤ 0 and 1 − A/π for x > 0 (no cancellation either way). atan(w) is reduced to |v| ≤ tan(π/8) (1/w
// beyond 1, then (u − 1)/(u + 1) beyond tan(π/8)), where atan(v) = v + v³·P(v²) (degree 5, relative
// error 1.7e-9), and carried as a float pair through the additions of π/4 and π/2 and the product with 1/π,
// so that f is within 4 ulp. f′ = F + x/(π(1 + x²)), for x ≤ −2 the series of atan(z) − z/(1 + z²), z = 1/|x|
// (the two terms cancel there); f″ = 2/(π(1 + x²)²).
constexpr float kAtanP[6] = {-0.333333332792548f,  0.19999977258688387f,  -0.14284151193628614f,
                             0.11071365021884794f, -0.08624676145249494f, 0.050481385120797445f};
constexpr float kTanPi8 = 0.4142135679721832f;
constexpr float kPi4Hi = 0.7853981852531433f, kPi4Lo = -2.1855694143368964e-08f;
constexpr float kPi2Hi = 1.5707963705062866f, kPi2Lo = -4.371138828673793e-08f;
constexpr float kInvPiHi = 0.31830987334251404f, kInvPiLo = 1.2841276486597053e-08f;

// (−1)^(k+1)·2k/(2k + 1): the series of atan(z) − z/(1 + z²) divided by z³, term k at z^(2k−2).
constexpr auto kAtanRemainder = [] {
    std::array<double, 31> c{};
    for (std::size_t k = 1; k < c.size(); ++k)
        c[k] = (k % 2 == 1 ? 2.0 : -2.0) * static_cast<double>(k) / (2.0 * static_cast<double>(k) + 1.0);
    return c;
}();

// atan(w) for w ≥ 0 (+∞ included) as hi + lo.
inline void atanPositive16(__m512 w, __m512 &hi, __m512 &lo) {
    const __mmask16 big = _mm512_cmp_ps_mask(w, splat(1.0f), _CMP_GT_OQ);
    const __m512 u = _mm512_mask_div_ps(w, big, splat(1.0f), w);
    const __mmask16 mid = _mm512_cmp_ps_mask(u, splat(kTanPi8), _CMP_GT_OQ);
    const __m512 v = _mm512_mask_div_ps(u, mid, _mm512_sub_ps(u, splat(1.0f)), _mm512_add_ps(u, splat(1.0f)));
    const __m512 v2 = _mm512_mul_ps(v, v);
    __m512 p = splat(kAtanP[5]);
    for (int k = 4; k >= 0; --k)
        p = _mm512_fmadd_ps(p, v2, splat(kAtanP[k]));
    const __m512 a = _mm512_fmadd_ps(_mm512_mul_ps(v, v2), p, v);
    // + π/4 where reduced (Fast2Sum: |a| ≤ 0.4 < π/4), then π/2 − that where w > 1 (exact: the result is
    // within a factor 2 of π/2).
    const __m512 baseHi = _mm512_maskz_mov_ps(mid, splat(kPi4Hi));
    const __m512 baseLo = _mm512_maskz_mov_ps(mid, splat(kPi4Lo));
    const __m512 sum = _mm512_add_ps(baseHi, a);
    const __m512 sumLo = _mm512_add_ps(_mm512_add_ps(_mm512_sub_ps(baseHi, sum), a), baseLo);
    hi = _mm512_mask_sub_ps(sum, big, splat(kPi2Hi), sum);
    lo = _mm512_mask_sub_ps(sumLo, big, splat(kPi2Lo), sumLo);
}

inline __m512 geluCauchy16(__m512 x, int order) {
    const __m512 a = _mm512_abs_ps(x);
    const __mmask16 notPositive = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LE_OQ);
    if (order == 2) {
        // (2/π)·(1/(1 + x²))², squared after the division so that large x reach the subnormal results.
        const __m512 r = _mm512_div_ps(splat(1.0f), _mm512_fmadd_ps(x, x, splat(1.0f)));
        return _mm512_mul_ps(_mm512_mul_ps(splat(2.0f * kInvPiHi), r), r);
    }
    const __m512 w = _mm512_div_ps(splat(1.0f), a);
    __m512 hi, lo;
    atanPositive16(w, hi, lo);
    // m + mlo = A/π.
    const __m512 m = _mm512_mul_ps(hi, splat(kInvPiHi));
    const __m512 mlo = _mm512_fmadd_ps(
        lo, splat(kInvPiHi), _mm512_fmadd_ps(hi, splat(kInvPiLo), _mm512_fmsub_ps(hi, splat(kInvPiHi), m)));
    // F = m + mlo for x ≤ 0, (1 − m) − mlo for x > 0 (1 − m is exact: m ≤ 1/2).
    const __m512 fHi = _mm512_mask_mov_ps(_mm512_sub_ps(splat(1.0f), m), notPositive, m);
    const __m512 fLo = _mm512_mask_mov_ps(_mm512_sub_ps(_mm512_setzero_ps(), mlo), notPositive, mlo);
    if (order == 0) {
        const __m512 r = _mm512_mul_ps(x, fHi);
        const __m512 value = _mm512_add_ps(r, _mm512_fmadd_ps(x, fLo, _mm512_fmsub_ps(x, fHi, r)));
        // Beyond ±1e18 the result is −1/π or x to float precision (and ±∞ must not meet the products above).
        const __mmask16 farLeft = _mm512_cmp_ps_mask(x, splat(-1e18f), _CMP_LT_OQ);
        const __mmask16 farRight = _mm512_cmp_ps_mask(x, splat(1e18f), _CMP_GT_OQ);
        return _mm512_mask_mov_ps(_mm512_mask_mov_ps(value, farLeft, splat(-kInvPiHi)), farRight, x);
    }
    const __m512 F = _mm512_add_ps(fHi, fLo);
    const __m512 d = _mm512_fmadd_ps(x, x, splat(1.0f));
    const __m512 direct = _mm512_fmadd_ps(_mm512_div_ps(x, d), splat(kInvPiHi), F);
    // x ≤ −2: (atan(z) − z/(1 + z²))/π = z³·Σ (−1)^(k+1)·(2k/(2k + 1))·z^(2k−2)/π, z = w ≤ 1/2 (15 terms).
    const __m512 z2 = _mm512_mul_ps(w, w);
    __m512 series = splat(static_cast<float>(kAtanRemainder[15]));
    for (int k = 14; k >= 1; --k)
        series = _mm512_fmadd_ps(series, z2, splat(static_cast<float>(kAtanRemainder[k])));
    const __m512 tail = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(w, z2), series), splat(kInvPiHi));
    const __mmask16 far = _mm512_cmp_ps_mask(x, splat(-2.0f), _CMP_LE_OQ);
    const __mmask16 farRight =
        _mm512_cmp_ps_mask(x, splat(1e18f), _CMP_GT_OQ); // f′ = 1 there (and ∞/∞ below)
    return _mm512_mask_mov_ps(_mm512_mask_mov_ps(direct, far, tail), farRight, splat(1.0f));
}

// Applies a 16-lane kernel over the array, the last partial vector through masked loads and stores.
template<typename Kernel>
void map16(const float *x, float *y, std::size_t n, Kernel kernel) {
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm512_storeu_ps(y + i, kernel(_mm512_loadu_ps(x + i)));
    if (i < n) {
        const auto mask = static_cast<__mmask16>((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(y + i, mask, kernel(_mm512_maskz_loadu_ps(mask, x + i)));
    }
}

} // namespace
#endif

// The entry points: each declines the orders above its maximum; without AVX-512 every one declines and the
// scalar path serves. Lambdas, not function pointers, so that each loop gets its kernel inlined.
#if defined(__AVX512F__)
#define GELULAB_FLOAT_KERNEL(name, maxOrder, ...)                                                            \
    bool name(const float *x, float *y, std::size_t n, int order, [[maybe_unused]] const double *params) {   \
        if (order > (maxOrder)) return false;                                                                \
        __VA_ARGS__                                                                                          \
        return true;                                                                                         \
    }
#else
#define GELULAB_FLOAT_KERNEL(name, maxOrder, ...)                                                            \
    bool name(const float *, float *, std::size_t, int, const double *) {                                    \
        return false;                                                                                        \
    }
#endif

GELULAB_FLOAT_KERNEL(geluFloat, 1, {
    if (order == 0)
        map16(x, y, n, [](__m512 v) { return gelu16(v); });
    else
        map16(x, y, n, [](__m512 v) { return geluDerivative16(v); });
})
GELULAB_FLOAT_KERNEL(geluTanhFloat, 2, {
    if (order == 0)
        map16(x, y, n, [](__m512 v) { return geluTanh16(v); });
    else
        map16(x, y, n, [order](__m512 v) { return geluTanhDerivative16(v, order); });
})
GELULAB_FLOAT_KERNEL(geluSigmoidFloat, 2, {
    if (order == 0)
        map16(x, y, n, [](__m512 v) { return geluSigmoid16(v); });
    else
        map16(x, y, n, [order](__m512 v) {
            return scaledSiluDerivative16(v, 1.7020000219345093f, -2.1934509319976314e-08f, order);
        });
})
GELULAB_FLOAT_KERNEL(siluFloat, 2, {
    if (order == 0)
        map16(x, y, n, [](__m512 v) { return silu16(v); });
    else
        map16(x, y, n, [order](__m512 v) { return scaledSiluDerivative16(v, 1.0f, 0.0f, order); });
})
GELULAB_FLOAT_KERNEL(sigmoidFloat, 2, {
    if (order == 0)
        map16(x, y, n, [](__m512 v) { return sigmoid16(v); });
    else
        map16(x, y, n, [order](__m512 v) { return sigmoidDerivative16(v, order); });
})
GELULAB_FLOAT_KERNEL(eluFloat, 1, {
    const float alpha = static_cast<float>(params[0]);
    map16(x, y, n, [alpha, order](__m512 v) { return eluLike16(v, alpha, 1.0f, order); });
})
GELULAB_FLOAT_KERNEL(celuFloat, 1, {
    const float alpha = static_cast<float>(params[0]);
    map16(x, y, n, [alpha, order](__m512 v) { return eluLike16(v, alpha, alpha, order); });
})
GELULAB_FLOAT_KERNEL(seluFloat, 1, {
    constexpr double kLambda = 1.0507009873554804934, kAlpha = 1.6732632423543772848;
    map16(x, y, n, [order](__m512 v) {
        return _mm512_mul_ps(splat(static_cast<float>(kLambda)),
                             eluLike16(v, static_cast<float>(kAlpha), 1.0f, order));
    });
})
GELULAB_FLOAT_KERNEL(softplusFloat, 2, {
    const float beta = static_cast<float>(params[0]);
    const float limit = static_cast<float>(params[1]);
    map16(x, y, n, [beta, limit, order](__m512 v) { return softplus16(v, beta, limit, order); });
})
GELULAB_FLOAT_KERNEL(tanhFloat, 2, map16(x, y, n, [order](__m512 v) { return tanh16(v, order); });)
GELULAB_FLOAT_KERNEL(mishFloat, 2, map16(x, y, n, [order](__m512 v) { return mish16(v, order); });)
GELULAB_FLOAT_KERNEL(tanhshrinkFloat, 2,
                     map16(x, y, n, [order](__m512 v) { return tanhshrink16(v, order); });)
GELULAB_FLOAT_KERNEL(logsigmoidFloat, 2,
                     map16(x, y, n, [order](__m512 v) { return logsigmoid16(v, order); });)
GELULAB_FLOAT_KERNEL(geluCauchyFloat, 2,
                     map16(x, y, n, [order](__m512 v) { return geluCauchy16(v, order); });)
#undef GELULAB_FLOAT_KERNEL

bool geluGeneralFloat(const float *x, float *y, std::size_t n, int order, const double *params) {
    return params[0] == 0.0 && params[1] == 1.0 && geluFloat(x, y, n, order, params);
}

bool reluFloat(const float *x, float *y, std::size_t n, int order, const double *) {
    if (order > 1) return false;
    std::size_t i = 0;
#if defined(__AVX512F__)
    // max(0, x) with NaN kept and relu(−0) = +0: keep x where !(x ≤ 0). Large arrays are memory-bound: once
    // the output is aligned, streaming stores skip reading the destination into the cache first.
    const bool stream = n >= (1u << 18);
    auto step = [order](__m512 v) {
        const __mmask16 keep = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NLE_UQ);
        if (order == 0) return _mm512_maskz_mov_ps(keep, v);
        // f′: 1 where x > 0, 0 where x ≤ 0, NaN for NaN.
        const __mmask16 positive = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GT_OQ);
        return _mm512_mask_mov_ps(_mm512_maskz_mov_ps(keep, v), positive, _mm512_set1_ps(1.0f));
    };
    if (stream) {
        for (; i < n && (reinterpret_cast<std::uintptr_t>(y + i) % 64) != 0; ++i)
            y[i] = !(x[i] <= 0.0f) ? (order == 0 || x[i] != x[i] ? x[i] : 1.0f) : 0.0f;
        for (; i + 16 <= n; i += 16)
            _mm512_stream_ps(y + i, step(_mm512_loadu_ps(x + i)));
        _mm_sfence();
    } else {
        for (; i + 16 <= n; i += 16)
            _mm512_storeu_ps(y + i, step(_mm512_loadu_ps(x + i)));
    }
#endif
    for (; i < n; ++i)
        y[i] = !(x[i] <= 0.0f) ? (order == 0 || x[i] != x[i] ? x[i] : 1.0f) : 0.0f;
    return true;
}

} // namespace gelulab::kernels
