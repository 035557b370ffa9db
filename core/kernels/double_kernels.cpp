#include "double_kernels.h"

#include "tanh_series.h"

#include <array>

#if defined(__AVX512F__) && defined(__AVX512DQ__)
#include <immintrin.h>

#include <cstdint>
// GCC 12's avx512fintrin.h builds several intrinsics on _mm512_undefined_pd(), which its own warnings then
// report once inlined here: a false positive of the header.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace gelulab::kernels {

#if defined(__AVX512F__) && defined(__AVX512DQ__)
namespace {

// gelu(x) in double, 8 lanes at a time, within 4 ulp: the float kernel's method (float_kernels.cpp) with
// double constants. With a = |x|, Q(a) = Φ(−a): gelu = x·Q(a) for x < 0 and x − x·Q(a) for x ≥ 0; Q(a) =
// exp(−a²/2)·G(a).
//   - a² = hi + lo exactly; exp(−hi/2) = 2ⁿ·(1 + q), r = −hi/2 − n·ln2 with n·ln2_hi exact (ln2_hi has 42
//     significant bits, |n| < 2¹¹), q = r + r²·S(r), S of degree 10 (relative error 3e-19);
//   - G(a) = t·P_j(16t − j − 1/2), t = 1/d, d = 1 + a/2 (rounding error dlo exact), j = min(⌊16t⌋, 15):
//     sixteen intervals of t, each with a degree-9 polynomial (the constant terms as double pairs),
//     coefficients gathered per lane from two registers of eight with vpermt2pd;
//   - X = x·t·P corrected once by fma(X, corr, X), corr = q + c + c·q, c = resid − lo/2, then scaled by 2ⁿ.
// x is clamped to ±40 (the gate is exactly 0 or 1 beyond in double); NaN passes the clamp. The coefficients
// come from scripts/fit_gelu_double.py.
constexpr double kG[10][16] = {
    {0.20585216938374612, 0.21952188118787216, 0.2344334240127065, 0.2505875244106311, 0.2679351394254869,
     0.28637544258898395, 0.30576095160027245, 0.3259083338419013, 0.3466121534580476, 0.3676587965657517,
     0.388838583142202, 0.4099550522946442, 0.4308312126582775, 0.4513130561050504, 0.47127086965908965,
     0.490598931187884},
    {0.013059956091772459, 0.014286693486060617, 0.015536660382445007, 0.016763402052441905,
     0.0179149341564779, 0.018940904627615655, 0.019799321938848875, 0.020460966345320925,
     0.020910866384411583, 0.021147318039506337, 0.02117940827819946, 0.02102397425081569,
     0.020702658023538437, 0.02023941639529748, 0.019658614533580653, 0.018983689986810007},
    {0.0006010881810265488, 0.0006226601513190352, 0.000623389976194078, 0.0005989568382831164,
     0.0005483207822185631, 0.00047411296023129406, 0.00038185777902296044, 0.0002785484310535175,
     0.0001712313966340223, 6.600363246093482e-05, -3.2485342618512945e-05, -0.00012112429319833391,
     -0.00019817967828770168, -0.00026302049474828286, -0.00031582129318905147, -0.00035729440806984254},
    {1.0000996072064796e-05, 4.027947379377164e-06, -3.7901910859928085e-06, -1.2558588777490103e-05,
     -2.104778609602452e-05, -2.8108694786565316e-05, -3.299806198569716e-05, -3.547774175707769e-05,
     -3.572555827406626e-05, -3.416760648290866e-05, -3.131986730745179e-05, -2.767806006298446e-05,
     -2.3658829578130345e-05, -1.9579581453199608e-05, -1.5661733928945143e-05, -1.2045289219798061e-05},
    {-1.223950878848713e-06, -1.7498583447690964e-06, -2.120796332045977e-06, -2.2102610990476857e-06,
     -1.985018270552546e-06, -1.5140901320060925e-06, -9.211175747558869e-07, -3.268845714307084e-07,
     1.845412044145496e-07, 5.724768858466661e-07, 8.305015217133931e-07, 9.729674432740071e-07,
     1.0234433810116596e-06, 1.0070201910683396e-06, 9.461478717534691e-07, 8.58953450131003e-07},
    {-1.1021092155235898e-07, -9.487721463595441e-08, -4.901329805645478e-08, 1.4360050455304174e-08,
     7.324940872130133e-08, 1.1079212355804937e-07, 1.2225794337016276e-07, 1.1261747092809402e-07,
     9.063290851119044e-08, 6.437516252079392e-08, 3.9352355586483056e-08, 1.8445004822883686e-08,
     2.595053996939694e-09, -8.410888666793452e-09, -1.5333430401717386e-08, -1.9093355571650385e-08},
    {4.459068310453285e-12, 5.231474243172555e-09, 9.669151901436096e-09, 1.079810249158171e-08,
     8.343394510887873e-09, 4.049371763838139e-09, -7.084286793742548e-11, -2.8864627283214995e-09,
     -4.212758531927475e-09, -4.387091521390442e-09, -3.876006035782958e-09, -3.069222602424872e-09,
     -2.221725866000932e-09, -1.4691068796810187e-09, -8.645405749719292e-10, -4.132290119918056e-10},
    {6.601054943341497e-10, 7.647110513016844e-10, 4.366772142365329e-10, -1.195413901808068e-10,
     -5.351920518397785e-10, -6.409214675248439e-10, -5.094885445869512e-10, -2.917673298762438e-10,
     -9.617987103108204e-11, 3.47947577753354e-11, 1.0184099798557811e-10, 1.2265134687349577e-10,
     1.1635764051218908e-10, 9.749412788604006e-11, 7.517345120371245e-11, 5.42394852031613e-11},
    {3.7750743289704346e-11, -1.4090325040839658e-11, -6.274390240802042e-11, -6.70468529026469e-11,
     -3.3032786584623495e-11, 4.531572921659051e-12, 2.4665343261420416e-11, 2.7289523702317747e-11,
     2.070851475872187e-11, 1.2107928680041688e-11, 5.084358615108057e-12, 5.611258997780286e-13,
     -1.8057518097894565e-12, -2.7072932379660352e-12, -2.766775539264233e-12, -2.4227985066989114e-12},
    {-5.257632967362766e-12, -6.487997192074714e-12, -3.3707267442664705e-12, 2.234082612282839e-12,
     4.5952285585461215e-12, 3.3656057165974147e-12, 1.1368962870167827e-12, -3.8445670490126235e-13,
     -9.436791334268475e-13, -9.044315609685106e-13, -6.423271214442316e-13, -3.7078671008035156e-13,
     -1.684922592339045e-13, -4.338856591275525e-14, 2.2215405487939272e-14, 4.948074359660705e-14},
};
constexpr double kG0Lo[16] = {
    -1.8465664608548804e-18, -4.6679242233614535e-18, -7.142548327623459e-18, -2.2523013825510268e-17,
    6.435199799106371e-18,   -6.302519542003305e-18,  8.43360838401261e-19,   -3.6262339466158115e-18,
    -1.216165267094874e-17,  -3.509586056421556e-18,  2.2845517899411074e-17, 1.1858008868049683e-17,
    -3.0734439531333186e-18, -2.0253002569960263e-17, 1.510262672042025e-17,  -1.713505671189117e-17};
constexpr double kExpS[11] = {0.5,
                              0.1666666666666667,
                              0.04166666666666667,
                              0.008333333333326141,
                              0.0013888888888883752,
                              0.00019841269874800493,
                              2.4801587325533363e-05,
                              2.7557255425746435e-06,
                              2.7557273661348637e-07,
                              2.510520637395701e-08,
                              2.0914679376583935e-09};

inline __m512d splat(double v) {
    return _mm512_set1_pd(v);
}

// v·2ˢ correctly rounded, subnormal results built as integers (no microcode assist); needs |v| < 64.
inline __m512d scaleNoAssist(__m512d v, __m512d s) {
    if (!_mm512_cmp_pd_mask(s, splat(-1016.0), _CMP_LT_OQ)) return _mm512_scalef_pd(v, s);
    const __m512d exponent = _mm512_add_pd(_mm512_getexp_pd(v), s);
    const __mmask8 tiny = _mm512_cmp_pd_mask(exponent, splat(-1022.0), _CMP_LT_OQ);
    const __m512d normal = _mm512_scalef_pd(v, _mm512_mask_mov_pd(s, tiny, _mm512_setzero_pd()));
    const __m512d units = _mm512_maskz_scalef_pd(tiny, _mm512_abs_pd(v), _mm512_add_pd(s, splat(1074.0)));
    const __m512i bits = _mm512_or_si512(
        _mm512_cvtpd_epi64(units), _mm512_and_si512(_mm512_castpd_si512(v), _mm512_set1_epi64(INT64_MIN)));
    return _mm512_mask_mov_pd(normal, tiny, _mm512_castsi512_pd(bits));
}

// The Gaussian pieces shared by f and f′, for a = |x| (x clamped to ±40): exp(−a²/2) = 2ⁿ·(1 + q)·(1 − lo/2)
// and G(a) = t·P·(1 + resid).
struct GaussTerms {
    __m512d xc, a, n, q, lo, t, resid, p;
};

inline GaussTerms gaussTerms(__m512d x) {
    GaussTerms g;
    g.xc = _mm512_min_pd(splat(40.0), _mm512_max_pd(splat(-40.0), x)); // NaN stays NaN
    g.a = _mm512_abs_pd(g.xc);
    const __m512d hi = _mm512_mul_pd(g.a, g.a);
    g.lo = _mm512_fmsub_pd(g.a, g.a, hi);
    const __m512d y = _mm512_mul_pd(hi, splat(-0.5));
    g.n = _mm512_roundscale_pd(_mm512_mul_pd(y, splat(1.4426950408889634)),
                               _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(g.n, splat(0.6931471803691238), y);
    r = _mm512_fnmadd_pd(g.n, splat(1.9082149292705877e-10), r);
    __m512d s10 = splat(kExpS[10]);
    for (int k = 9; k >= 0; --k)
        s10 = _mm512_fmadd_pd(s10, r, splat(kExpS[k]));
    g.q = _mm512_fmadd_pd(s10, _mm512_mul_pd(r, r), r); // exp(r) = 1 + q

    const __m512d d = _mm512_fmadd_pd(g.a, splat(0.5), splat(1.0));
    const __m512d dlo = _mm512_fmadd_pd(g.a, splat(0.5), _mm512_sub_pd(splat(1.0), d));
    g.t = _mm512_div_pd(splat(1.0), d);
    g.resid = _mm512_fnmadd_pd(dlo, g.t, _mm512_fnmadd_pd(d, g.t, splat(1.0)));
    const __m512d t16 = _mm512_mul_pd(g.t, splat(16.0));
    const __m512d j =
        _mm512_min_pd(_mm512_roundscale_pd(t16, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC), splat(15.0));
    const __m512d s = _mm512_sub_pd(_mm512_sub_pd(t16, j), splat(0.5));
    const __m512i index = _mm512_cvttpd_epi64(j);
    auto coefficient = [index](const double *table) {
        return _mm512_permutex2var_pd(_mm512_loadu_pd(table), index, _mm512_loadu_pd(table + 8));
    };
    __m512d p = coefficient(kG[9]);
    for (int k = 8; k >= 1; --k)
        p = _mm512_fmadd_pd(p, s, coefficient(kG[k]));
    g.p = _mm512_add_pd(_mm512_fmadd_pd(p, s, coefficient(kG0Lo)), coefficient(kG[0]));
    return g;
}

inline __m512d gelu8(__m512d x) {
    const GaussTerms g = gaussTerms(x);
    const __m512d bulk = _mm512_mul_pd(_mm512_mul_pd(g.xc, g.t), g.p);
    const __m512d c = _mm512_fmadd_pd(g.lo, splat(-0.5), g.resid);
    const __m512d corr = _mm512_add_pd(_mm512_fmadd_pd(c, g.q, c), g.q);
    const __m512d xq = scaleNoAssist(_mm512_fmadd_pd(bulk, corr, bulk), g.n); // x·Q(a)
    const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    return _mm512_mask_sub_pd(xq, notNegative, x, xq);
}

// gelu′(x) = Φ(x) + x·φ(x) = 1 − exp(−a²/2)·B for x ≥ 0 and exp(−a²/2)·B for x < 0, B = G(a) − a/√(2π). Next
// to the zero of gelu′ (x₀ ≈ −0.75) B cancels, but by less than the condition number of gelu′ there, which
// the double bound allows (4·max(1, cond) for |x| < 3).
inline __m512d geluDerivative8(__m512d x) {
    const GaussTerms g = gaussTerms(x);
    const __m512d tp = _mm512_mul_pd(g.t, g.p);
    const __m512d G = _mm512_fmadd_pd(tp, g.resid, tp);
    const __m512d B = _mm512_fnmadd_pd(g.a, splat(-2.49232720227773e-17),
                                       _mm512_fnmadd_pd(g.a, splat(0.3989422804014327), G));
    const __m512d c = _mm512_mul_pd(g.lo, splat(-0.5));
    const __m512d corr = _mm512_add_pd(_mm512_fmadd_pd(c, g.q, c), g.q);
    const __m512d eB = scaleNoAssist(_mm512_fmadd_pd(B, corr, B), g.n); // exp(−a²/2)·B
    const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    return _mm512_mask_sub_pd(eB, notNegative, splat(1.0), eB);
}

// x·σ(g) (or σ(g) alone) in double, the gate of gelu_tanh, gelu_sigmoid, silu and sigmoid: the float kernels'
// method (float_kernels.cpp) with g carried as a double pair g + glo, E = e^−|g| = 2ⁿ·(1 + q) (S of degree
// 10), x·σ(g) = x/(1 + E) for g ≥ 0 and 2ⁿ·x·(1 + q)/(1 + E) for g < 0, 2ⁿ applied last. xc is x clamped
// where the gate is exactly 0 or 1 in double (|g| ≤ 800, so that n·ln2_hi stays exact); NaN passes through
// the clamps.
inline __m512d logisticGate8(__m512d x, __m512d xc, __m512d g, __m512d glo, bool timesX) {
    const __m512d flip = _mm512_andnot_pd(g, splat(-0.0)); // the sign bit where g ≥ 0
    const __m512d gNeg = _mm512_xor_pd(g, flip);
    const __m512d gNegLo = _mm512_xor_pd(glo, flip);
    const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(gNeg, splat(1.4426950408889634)),
                                           _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(n, splat(0.6931471803691238), gNeg);
    r = _mm512_add_pd(_mm512_fnmadd_pd(n, splat(1.9082149292705877e-10), r), gNegLo);
    __m512d s10 = splat(kExpS[10]);
    for (int k = 9; k >= 0; --k)
        s10 = _mm512_fmadd_pd(s10, r, splat(kExpS[k]));
    const __m512d q = _mm512_fmadd_pd(s10, _mm512_mul_pd(r, r), r); // e^r = 1 + q
    const __m512d e = _mm512_scalef_pd(_mm512_add_pd(q, splat(1.0)), _mm512_max_pd(n, splat(-80.0)));
    const __m512d denominator = _mm512_add_pd(e, splat(1.0));
    const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    const __m512d numerator = timesX
                                  ? _mm512_mask_mov_pd(_mm512_fmadd_pd(xc, q, xc), notNegative, x)
                                  : _mm512_mask_mov_pd(_mm512_add_pd(q, splat(1.0)), notNegative, splat(1.0));
    const __m512d scale = _mm512_mask_mov_pd(n, notNegative, _mm512_setzero_pd());
    return scaleNoAssist(_mm512_div_pd(numerator, denominator), scale);
}

// g = c·x as a double pair, c = cHi + cLo.
inline void scaledPair(__m512d x, double cHi, double cLo, __m512d &g, __m512d &glo) {
    g = _mm512_mul_pd(x, splat(cHi));
    glo = _mm512_fmadd_pd(x, splat(cLo), _mm512_fmsub_pd(x, splat(cHi), g));
}

inline void tanhArgument8(__m512d x, __m512d &xc, __m512d &g, __m512d &glo) {
    // g = 2√(2/π)·x + 2√(2/π)·0.044715·x³; at x = ±22, |g| = 795 and the result is exactly x or 0 in double.
    xc = _mm512_min_pd(splat(22.0), _mm512_max_pd(splat(-22.0), x));
    const __m512d x2 = _mm512_mul_pd(xc, xc);
    const __m512d x2lo = _mm512_fmsub_pd(xc, xc, x2);
    const __m512d x3 = _mm512_mul_pd(x2, xc);
    const __m512d x3lo = _mm512_fmadd_pd(x2lo, xc, _mm512_fmsub_pd(x2, xc, x3));
    __m512d p1, p1lo, p3, p3lo;
    scaledPair(xc, 1.5957691216057308, -9.96930880911092e-17, p1, p1lo);
    scaledPair(x3, 0.07135481627260025, -6.175149918155315e-19, p3, p3lo);
    p3lo = _mm512_fmadd_pd(x3lo, splat(0.07135481627260025), p3lo);
    g = _mm512_add_pd(p1, p3);
    const __m512d back = _mm512_sub_pd(g, p1);
    const __m512d sumError =
        _mm512_add_pd(_mm512_sub_pd(p1, _mm512_sub_pd(g, back)), _mm512_sub_pd(p3, back));
    glo = _mm512_add_pd(sumError, _mm512_add_pd(p1lo, p3lo));
}

inline __m512d geluTanh8(__m512d x) {
    __m512d xc, g, glo;
    tanhArgument8(x, xc, g, glo);
    return logisticGate8(x, xc, g, glo, true);
}

inline __m512d geluSigmoid8(__m512d x) {
    const __m512d xc = _mm512_min_pd(splat(445.0), _mm512_max_pd(splat(-445.0), x)); // |g| ≤ 758
    __m512d g, glo;
    scaledPair(xc, 1.702, 4.263256414560601e-17, g, glo);
    return logisticGate8(x, xc, g, glo, true);
}

inline __m512d silu8(__m512d x) {
    const __m512d xc = _mm512_min_pd(splat(750.0), _mm512_max_pd(splat(-750.0), x));
    return logisticGate8(x, xc, xc, _mm512_setzero_pd(), true);
}

inline __m512d sigmoid8(__m512d x) {
    const __m512d xc = _mm512_min_pd(splat(750.0), _mm512_max_pd(splat(-750.0), x));
    return logisticGate8(x, xc, xc, _mm512_setzero_pd(), false);
}

// e^z for z ≤ 0 (z ≥ −1400 so that n·ln2_hi stays exact) as 2ⁿ·(1 + q).
inline void expReduced8(__m512d z, __m512d &n, __m512d &q, __m512d zlo = _mm512_setzero_pd()) {
    n = _mm512_roundscale_pd(_mm512_mul_pd(z, splat(1.4426950408889634)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(n, splat(0.6931471803691238), z);
    r = _mm512_add_pd(_mm512_fnmadd_pd(n, splat(1.9082149292705877e-10), r), zlo);
    __m512d s10 = splat(kExpS[10]);
    for (int k = 9; k >= 0; --k)
        s10 = _mm512_fmadd_pd(s10, r, splat(kExpS[k]));
    q = _mm512_fmadd_pd(s10, _mm512_mul_pd(r, r), r);
}

// eᶻ − 1 for z ≤ 0 without cancellation: 2ⁿ·q + (2ⁿ − 1), as in the float kernels.
inline __m512d expm1Negative8(__m512d z) {
    __m512d n, q;
    expReduced8(_mm512_max_pd(splat(-800.0), z), n, q); // NaN stays NaN
    const __m512d p = _mm512_scalef_pd(splat(1.0), n);
    return _mm512_fmadd_pd(p, q, _mm512_sub_pd(p, splat(1.0)));
}

// eᶻ for z ≤ 0, subnormal results rounded once.
inline __m512d expNegative8(__m512d z) {
    __m512d n, q;
    expReduced8(_mm512_max_pd(splat(-800.0), z), n, q);
    return scaleNoAssist(_mm512_add_pd(q, splat(1.0)), n);
}

// elu-like rows: x for x > 0, else scale·(e^(x/width) − 1); f′ = 1, else (scale/width)·e^(x/width).
inline __m512d eluLike8(__m512d x, double scale, double width, int order) {
    const __m512d z = _mm512_div_pd(_mm512_min_pd(_mm512_setzero_pd(), x), splat(width)); // NaN stays NaN
    const __mmask8 positive = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GT_OQ);
    if (order == 0) return _mm512_mask_mov_pd(_mm512_mul_pd(splat(scale), expm1Negative8(z)), positive, x);
    return _mm512_mask_mov_pd(_mm512_mul_pd(splat(scale / width), expNegative8(z)), positive, splat(1.0));
}

// tanh = sign(x)·(−m)/(2 + m), m = e^(−2|x|) − 1; tanh′ = 4E/(1 + E)², E = e^(−2|x|); tanh″ = −2·tanh·tanh′.
inline __m512d tanh8(__m512d x, int order) {
    const __m512d a2 = _mm512_mul_pd(_mm512_abs_pd(x), splat(-2.0));
    const __m512d m = expm1Negative8(a2);
    const __m512d t =
        _mm512_or_pd(_mm512_div_pd(_mm512_sub_pd(_mm512_setzero_pd(), m), _mm512_add_pd(m, splat(2.0))),
                     _mm512_and_pd(x, splat(-0.0)));
    if (order == 0) return t;
    const __m512d e = expNegative8(a2);
    const __m512d onePlus = _mm512_add_pd(e, splat(1.0));
    const __m512d sech2 = _mm512_div_pd(_mm512_mul_pd(splat(4.0), e), _mm512_mul_pd(onePlus, onePlus));
    if (order == 1) return sech2;
    return _mm512_mul_pd(_mm512_mul_pd(splat(-2.0), t), sech2);
}

// σ(x) and σ(−x), both accurate (no 1 − σ): with E = e^(−|x|), 1/(1 + E) on the side of the sign of x and
// E/(1 + E) on the other. x is clamped to ±750 (NaN passes).
inline void logisticPair8(__m512d g, __m512d glo, __m512d &s, __m512d &v) {
    const __m512d gc = _mm512_min_pd(splat(750.0), _mm512_max_pd(splat(-750.0), g));
    const __m512d flip = _mm512_andnot_pd(gc, splat(-0.0)); // the sign bit where g ≥ 0
    __m512d n, q;
    expReduced8(_mm512_xor_pd(gc, flip), n, q, _mm512_xor_pd(glo, flip)); // e^(−|g|) = 2ⁿ(1 + q)
    const __m512d e = _mm512_scalef_pd(_mm512_add_pd(q, splat(1.0)), _mm512_max_pd(n, splat(-80.0)));
    const __m512d denominator = _mm512_add_pd(e, splat(1.0));
    const __m512d big = _mm512_div_pd(splat(1.0), denominator);
    const __m512d small = scaleNoAssist(_mm512_div_pd(_mm512_add_pd(q, splat(1.0)), denominator), n);
    const __mmask8 notNegative = _mm512_cmp_pd_mask(g, _mm512_setzero_pd(), _CMP_NLT_UQ);
    s = _mm512_mask_mov_pd(small, notNegative, big);
    v = _mm512_mask_mov_pd(big, notNegative, small);
}

inline void logisticPair8(__m512d x, __m512d &s, __m512d &v) {
    logisticPair8(x, _mm512_setzero_pd(), s, v);
}

// mish = x·t, t = tanh(softplus(x)) = s(1 + v)/(1 + v²) with s = σ(x), v = σ(−x); f′ = t + x·sech²·s with
// sech² = 1 − t² = 4v²/(1 + v²)²; f″ = sech²·s·(2 + x(v − 2ts)).
inline __m512d mish8(__m512d x, int order) {
    __m512d s, v;
    logisticPair8(x, s, v);
    const __m512d xc = _mm512_min_pd(splat(750.0), _mm512_max_pd(splat(-750.0), x));
    const __m512d v2 = _mm512_fmadd_pd(v, v, splat(1.0));
    const __m512d t = _mm512_div_pd(_mm512_mul_pd(s, _mm512_add_pd(v, splat(1.0))), v2);
    const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    if (order == 0) return _mm512_mul_pd(_mm512_mask_mov_pd(xc, notNegative, x), t);
    const __m512d sech2 =
        _mm512_div_pd(_mm512_mul_pd(splat(4.0), _mm512_mul_pd(v, v)), _mm512_mul_pd(v2, v2));
    if (order == 1) return _mm512_fmadd_pd(_mm512_mul_pd(xc, sech2), s, t);
    const __m512d inner =
        _mm512_fmadd_pd(xc, _mm512_fnmadd_pd(_mm512_mul_pd(splat(2.0), t), s, v), splat(2.0));
    return _mm512_mul_pd(_mm512_mul_pd(sech2, s), inner);
}

// tanhshrink = x − tanh(x): the Taylor series for |x| < 0.6 (26 terms reach 1e-20 there), the difference
// beyond (where the difference loses at most a few bits); f′ = tanh², f″ = 2·tanh·sech².
inline __m512d tanhshrink8(__m512d x, int order) {
    const __m512d t = tanh8(x, 0);
    if (order == 1) return _mm512_mul_pd(t, t);
    if (order == 2) return _mm512_mul_pd(_mm512_mul_pd(splat(2.0), t), tanh8(x, 1));
    const __m512d w = _mm512_mul_pd(x, x);
    __m512d sum = splat(-kTanhCoefficients[53]);
    for (int k = 25; k >= 1; --k)
        sum = _mm512_fmadd_pd(
            sum, w, splat(static_cast<double>(-kTanhCoefficients[static_cast<std::size_t>(2 * k + 1)])));
    const __m512d series = _mm512_mul_pd(_mm512_mul_pd(x, w), sum);
    const __mmask8 small =
        _mm512_cmp_pd_mask(_mm512_abs_pd(x), splat(static_cast<double>(kTanhshrinkSeriesLimit)), _CMP_LT_OQ);
    return _mm512_mask_mov_pd(_mm512_sub_pd(x, t), small, series);
}

// 1/(2k + 1), the coefficients of atanh's series.
constexpr auto kOddReciprocals = [] {
    std::array<double, 20> r{};
    for (std::size_t k = 0; k < r.size(); ++k)
        r[k] = 1.0 / static_cast<double>(2 * k + 1);
    return r;
}();

// log(1 + y) for 0 ≤ y ≤ 1: 2·atanh(u), u = y/(2 + y) ≤ 1/3, by its series 2u·Σ u^(2k)/(2k + 1) (twenty
// terms).
inline __m512d log1pUnit8(__m512d y) {
    const __m512d u = _mm512_div_pd(y, _mm512_add_pd(y, splat(2.0)));
    const __m512d w = _mm512_mul_pd(u, u);
    __m512d sum = splat(1.0 / 39.0);
    for (int k = 18; k >= 1; --k)
        sum = _mm512_fmadd_pd(sum, w, splat(kOddReciprocals[k]));
    const __m512d twoU = _mm512_add_pd(u, u);
    return _mm512_fmadd_pd(_mm512_mul_pd(twoU, w), sum, twoU);
}

// softplus (β, threshold): z = βx; log(1 + e^z)/β = max(z, 0)/β + log1p(e^(−|z|))/β, written x + L/β for z >
// 0; f′ = σ(z), f″ = β·σ(z)σ(−z); x itself (f′ = 1, f″ = 0) where z > threshold.
inline __m512d softplus8(__m512d x, double beta, double limit, int order) {
    const __m512d z = _mm512_mul_pd(x, splat(beta));
    __m512d s, v;
    logisticPair8(z, s, v);
    const __mmask8 linear = _mm512_cmp_pd_mask(z, splat(limit), _CMP_GT_OQ);
    if (order == 1) return _mm512_mask_mov_pd(s, linear, splat(1.0));
    if (order == 2)
        return _mm512_mask_mov_pd(_mm512_mul_pd(splat(beta), _mm512_mul_pd(s, v)), linear,
                                  _mm512_setzero_pd());
    const __m512d e = _mm512_div_pd(_mm512_min_pd(s, v), _mm512_max_pd(s, v)); // e^(−|z|)
    const __m512d l = _mm512_div_pd(log1pUnit8(e), splat(beta));
    const __mmask8 positive = _mm512_cmp_pd_mask(z, _mm512_setzero_pd(), _CMP_GT_OQ);
    const __m512d value = _mm512_mask_add_pd(l, positive, x, l);
    return _mm512_mask_mov_pd(value, linear, x);
}

// logsigmoid = −softplus(−x): −L for x > 0, x − L otherwise, L = log1p(e^(−|x|)); f′ = σ(−x), f″ =
// −σ(x)σ(−x).
inline __m512d logsigmoid8(__m512d x, int order) {
    __m512d s, v;
    logisticPair8(x, s, v);
    if (order == 1) return v;
    if (order == 2) return _mm512_sub_pd(_mm512_setzero_pd(), _mm512_mul_pd(s, v));
    const __m512d l = log1pUnit8(_mm512_div_pd(_mm512_min_pd(s, v), _mm512_max_pd(s, v)));
    const __mmask8 positive = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_GT_OQ);
    return _mm512_mask_mov_pd(_mm512_sub_pd(x, l), positive, _mm512_sub_pd(_mm512_setzero_pd(), l));
}

// gelu_cauchy = x·F, F = 1/2 + arctan(x)/π = atan2(1, −x)/π: with A = atan(w), w = 1/|x| ∈ [0, ∞], F = A/π
// for x ≤ 0 and 1 − A/π for x > 0 (no cancellation either way). atan(w) is reduced to |v| ≤ tan(π/8) (1/w
// beyond 1, then (u − 1)/(u + 1) beyond tan(π/8)), where atan(v) = v + v³·P(v²) (P of degree 11, to double
// precision), and carried as a double pair through the additions of π/4 and π/2 and the product with 1/π,
// so that f is within 4 ulp. f′ = F + x/(π(1 + x²)), for x ≤ −2 the series of atan(z) − z/(1 + z²), z = 1/|x|
// (the two terms cancel there); f″ = 2/(π(1 + x²)²).
constexpr double kAtanP[12] = {-0.3333333333333333,  0.19999999999999804,   -0.14285714285659828,
                               0.11111111105155447,  -0.09090908753500877,  0.07692296375032143,
                               -0.06666424885738255, 0.05878928997834775,   -0.05230454270650244,
                               0.04551593220626549,  -0.034570561981427744, 0.016285756855221028};
constexpr double kTanPi8 = 0.41421356237309503;
constexpr double kPi4Hi = 0.7853981633974483, kPi4Lo = 3.061616997868383e-17;
constexpr double kPi2Hi = 1.5707963267948966, kPi2Lo = 6.123233995736766e-17;
constexpr double kInvPiHi = 0.3183098861837907, kInvPiLo = -1.9678676675182486e-17;

// (−1)^(k+1)·2k/(2k + 1): the series of atan(z) − z/(1 + z²) divided by z³, term k at z^(2k−2).
constexpr auto kAtanRemainder = [] {
    std::array<double, 31> c{};
    for (std::size_t k = 1; k < c.size(); ++k)
        c[k] = (k % 2 == 1 ? 2.0 : -2.0) * static_cast<double>(k) / (2.0 * static_cast<double>(k) + 1.0);
    return c;
}();

// atan(w) for w ≥ 0 (+∞ included) as hi + lo.
inline void atanPositive8(__m512d w, __m512d &hi, __m512d &lo) {
    const __mmask8 big = _mm512_cmp_pd_mask(w, splat(1.0), _CMP_GT_OQ);
    const __m512d u = _mm512_mask_div_pd(w, big, splat(1.0), w);
    const __mmask8 mid = _mm512_cmp_pd_mask(u, splat(kTanPi8), _CMP_GT_OQ);
    const __m512d v = _mm512_mask_div_pd(u, mid, _mm512_sub_pd(u, splat(1.0)), _mm512_add_pd(u, splat(1.0)));
    const __m512d v2 = _mm512_mul_pd(v, v);
    __m512d p = splat(kAtanP[11]);
    for (int k = 10; k >= 0; --k)
        p = _mm512_fmadd_pd(p, v2, splat(kAtanP[k]));
    const __m512d a = _mm512_fmadd_pd(_mm512_mul_pd(v, v2), p, v);
    // + π/4 where reduced (Fast2Sum: |a| ≤ 0.4 < π/4), then π/2 − that where w > 1 (exact: the result is
    // within a factor 2 of π/2).
    const __m512d baseHi = _mm512_maskz_mov_pd(mid, splat(kPi4Hi));
    const __m512d baseLo = _mm512_maskz_mov_pd(mid, splat(kPi4Lo));
    const __m512d sum = _mm512_add_pd(baseHi, a);
    const __m512d sumLo = _mm512_add_pd(_mm512_add_pd(_mm512_sub_pd(baseHi, sum), a), baseLo);
    hi = _mm512_mask_sub_pd(sum, big, splat(kPi2Hi), sum);
    lo = _mm512_mask_sub_pd(sumLo, big, splat(kPi2Lo), sumLo);
}

inline __m512d geluCauchy8(__m512d x, int order) {
    const __m512d a = _mm512_abs_pd(x);
    const __mmask8 notPositive = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_LE_OQ);
    if (order == 2) {
        // (2/π)·(1/(1 + x²))², squared after the division so that large x reach the subnormal results.
        const __m512d r = _mm512_div_pd(splat(1.0), _mm512_fmadd_pd(x, x, splat(1.0)));
        return _mm512_mul_pd(_mm512_mul_pd(splat(2.0 * kInvPiHi), r), r);
    }
    const __m512d w = _mm512_div_pd(splat(1.0), a);
    __m512d hi, lo;
    atanPositive8(w, hi, lo);
    // m + mlo = A/π.
    const __m512d m = _mm512_mul_pd(hi, splat(kInvPiHi));
    const __m512d mlo = _mm512_fmadd_pd(
        lo, splat(kInvPiHi), _mm512_fmadd_pd(hi, splat(kInvPiLo), _mm512_fmsub_pd(hi, splat(kInvPiHi), m)));
    // F = m + mlo for x ≤ 0, (1 − m) − mlo for x > 0 (1 − m is exact: m ≤ 1/2).
    const __m512d fHi = _mm512_mask_mov_pd(_mm512_sub_pd(splat(1.0), m), notPositive, m);
    const __m512d fLo = _mm512_mask_mov_pd(_mm512_sub_pd(_mm512_setzero_pd(), mlo), notPositive, mlo);
    if (order == 0) {
        const __m512d r = _mm512_mul_pd(x, fHi);
        const __m512d value = _mm512_add_pd(r, _mm512_fmadd_pd(x, fLo, _mm512_fmsub_pd(x, fHi, r)));
        // Beyond ±1e300 the result is −1/π or x to double precision (and ±∞ must not meet the products
        // above).
        const __mmask8 farLeft = _mm512_cmp_pd_mask(x, splat(-1e300), _CMP_LT_OQ);
        const __mmask8 farRight = _mm512_cmp_pd_mask(x, splat(1e300), _CMP_GT_OQ);
        return _mm512_mask_mov_pd(_mm512_mask_mov_pd(value, farLeft, splat(-kInvPiHi)), farRight, x);
    }
    const __m512d F = _mm512_add_pd(fHi, fLo);
    const __m512d d = _mm512_fmadd_pd(x, x, splat(1.0));
    const __m512d direct = _mm512_fmadd_pd(_mm512_div_pd(x, d), splat(kInvPiHi), F);
    // x ≤ −2: (atan(z) − z/(1 + z²))/π = z³·Σ (−1)^(k+1)·(2k/(2k + 1))·z^(2k−2)/π, z = w ≤ 1/2 (30 terms).
    const __m512d z2 = _mm512_mul_pd(w, w);
    __m512d series = splat(kAtanRemainder[30]);
    for (int k = 29; k >= 1; --k)
        series = _mm512_fmadd_pd(series, z2, splat(kAtanRemainder[k]));
    const __m512d tail = _mm512_mul_pd(_mm512_mul_pd(_mm512_mul_pd(w, z2), series), splat(kInvPiHi));
    const __mmask8 far = _mm512_cmp_pd_mask(x, splat(-2.0), _CMP_LE_OQ);
    const __mmask8 farRight = _mm512_cmp_pd_mask(x, splat(1e300), _CMP_GT_OQ); // f′ = 1 there (and ∞/∞ below)
    return _mm512_mask_mov_pd(_mm512_mask_mov_pd(direct, far, tail), farRight, splat(1.0));
}

// Derivatives of the gates, as in the float kernels: σ′ = σ(x)σ(−x), σ″ = −σ(x)σ(−x)·tanh(x/2); for z·σ(z), z
// = kx: f′ = σ(z)(1 + z·σ(−z)), f″ = k·σ(z)σ(−z)(2 − z·tanh(z/2)); for gelu_tanh, g′ = K₁ + 3K₃x², g″ = 6K₃x:
// f′ = σ(g)(1 + x·g′·σ(−g)) (one division), f″ = σ(g)σ(−g)(2g′ + x·g″ − x·g′²·tanh(g/2)).
inline __m512d sigmoidDerivative8(__m512d x, int order) {
    __m512d s, v;
    logisticPair8(x, s, v);
    const __m512d sv = _mm512_mul_pd(s, v);
    if (order == 1) return sv;
    return _mm512_mul_pd(_mm512_sub_pd(_mm512_setzero_pd(), sv), tanh8(_mm512_mul_pd(x, splat(0.5)), 0));
}

inline __m512d scaledSiluDerivative8(__m512d x, double kHi, double kLo, int order) {
    const __m512d xc = _mm512_min_pd(splat(760.0 / kHi),
                                     _mm512_max_pd(splat(-760.0 / kHi), x)); // NaN stays NaN; σ(z) is 0 there
    __m512d zc, zlo;
    scaledPair(xc, kHi, kLo, zc, zlo);
    __m512d s, v;
    logisticPair8(zc, zlo, s, v);
    if (order == 1) return _mm512_mul_pd(s, _mm512_fmadd_pd(zc, v, splat(1.0)));
    const __m512d inner = _mm512_fnmadd_pd(zc, tanh8(_mm512_mul_pd(zc, splat(0.5)), 0), splat(2.0));
    return _mm512_mul_pd(_mm512_mul_pd(splat(kHi), _mm512_mul_pd(s, v)), inner);
}

inline __m512d geluTanhDerivative8(__m512d x, int order) {
    __m512d xc, g, glo;
    tanhArgument8(x, xc, g, glo);
    const __m512d g1 =
        _mm512_fmadd_pd(_mm512_mul_pd(xc, xc), splat(3.0 * 0.07135481627260025), splat(1.5957691216057308));
    if (order == 1) {
        const __m512d flip = _mm512_andnot_pd(g, splat(-0.0));
        __m512d n, q;
        expReduced8(_mm512_xor_pd(g, flip), n, q, _mm512_xor_pd(glo, flip));
        const __m512d e = _mm512_scalef_pd(_mm512_add_pd(q, splat(1.0)), _mm512_max_pd(n, splat(-80.0)));
        const __m512d inverse = _mm512_div_pd(splat(1.0), _mm512_add_pd(e, splat(1.0)));
        const __m512d xg1 = _mm512_mul_pd(xc, g1);
        const __m512d positive =
            _mm512_mul_pd(inverse, _mm512_fmadd_pd(_mm512_mul_pd(xg1, e), inverse, splat(1.0)));
        const __m512d negative =
            scaleNoAssist(_mm512_mul_pd(_mm512_mul_pd(_mm512_add_pd(q, splat(1.0)), inverse),
                                        _mm512_fmadd_pd(xg1, inverse, splat(1.0))),
                          n);
        const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
        return _mm512_mask_mov_pd(negative, notNegative, positive);
    }
    __m512d s, v;
    logisticPair8(g, glo, s, v);
    const __m512d g2 = _mm512_mul_pd(xc, splat(6.0 * 0.07135481627260025));
    const __m512d th = tanh8(_mm512_mul_pd(g, splat(0.5)), 0);
    const __m512d inner = _mm512_fnmadd_pd(_mm512_mul_pd(xc, _mm512_mul_pd(g1, g1)), th,
                                           _mm512_fmadd_pd(xc, g2, _mm512_add_pd(g1, g1)));
    return _mm512_mul_pd(_mm512_mul_pd(s, v), inner);
}

// Applies an 8-lane kernel over the array, the last partial vector through masked loads and stores.
template<typename Kernel>
void map8(const double *x, double *y, std::size_t n, Kernel kernel) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm512_storeu_pd(y + i, kernel(_mm512_loadu_pd(x + i)));
    if (i < n) {
        const auto mask = static_cast<__mmask8>((1u << (n - i)) - 1u);
        _mm512_mask_storeu_pd(y + i, mask, kernel(_mm512_maskz_loadu_pd(mask, x + i)));
    }
}

} // namespace
#endif

bool geluDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,
                [[maybe_unused]] int order, const double *) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (order > 1) return false;
    if (order == 0)
        map8(x, y, n, [](__m512d v) { return gelu8(v); });
    else
        map8(x, y, n, [](__m512d v) { return geluDerivative8(v); });
    return true;
#else
    return false;
#endif
}

#define GELULAB_GATE_KERNEL(name, kernel, derivative)                                                        \
    bool name([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,  \
              [[maybe_unused]] int order, const double *) {                                                  \
        GELULAB_GATE_BODY(kernel, derivative)                                                                \
    }
#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define GELULAB_GATE_BODY(kernel, derivative)                                                                \
    if (order == 0)                                                                                          \
        map8(x, y, n, [](__m512d v) { return kernel(v); });                                                  \
    else                                                                                                     \
        map8(x, y, n, [order](__m512d v) { return derivative; });                                            \
    return true;
#else
#define GELULAB_GATE_BODY(kernel, derivative) return false;
#endif
GELULAB_GATE_KERNEL(geluTanhDouble, geluTanh8, geluTanhDerivative8(v, order))
GELULAB_GATE_KERNEL(geluSigmoidDouble, geluSigmoid8,
                    scaledSiluDerivative8(v, 1.702, 4.263256414560601e-17, order))
GELULAB_GATE_KERNEL(siluDouble, silu8, scaledSiluDerivative8(v, 1.0, 0.0, order))
GELULAB_GATE_KERNEL(sigmoidDouble, sigmoid8, sigmoidDerivative8(v, order))
#undef GELULAB_GATE_BODY
#undef GELULAB_GATE_KERNEL

bool eluDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,
               [[maybe_unused]] int order, [[maybe_unused]] const double *params) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (order > 1) return false;
    const double alpha = params[0];
    map8(x, y, n, [alpha, order](__m512d v) { return eluLike8(v, alpha, 1.0, order); });
    return true;
#else
    return false;
#endif
}

bool celuDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,
                [[maybe_unused]] int order, [[maybe_unused]] const double *params) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (order > 1) return false;
    const double alpha = params[0];
    map8(x, y, n, [alpha, order](__m512d v) { return eluLike8(v, alpha, alpha, order); });
    return true;
#else
    return false;
#endif
}

bool seluDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,
                [[maybe_unused]] int order, const double *) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (order > 1) return false;
    map8(x, y, n, [order](__m512d v) {
        return _mm512_mul_pd(splat(1.0507009873554804934), eluLike8(v, 1.6732632423543772848, 1.0, order));
    });
    return true;
#else
    return false;
#endif
}

bool tanhDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,
                [[maybe_unused]] int order, const double *) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    map8(x, y, n, [order](__m512d v) { return tanh8(v, order); });
    return true;
#else
    return false;
#endif
}

#define GELULAB_ALL_ORDERS_KERNEL(name, kernel)                                                              \
    bool name([[maybe_unused]] const double *x, [[maybe_unused]] double *y, [[maybe_unused]] std::size_t n,  \
              [[maybe_unused]] int order, const double *) {                                                  \
        GELULAB_ALL_ORDERS_BODY(kernel)                                                                      \
    }
#if defined(__AVX512F__) && defined(__AVX512DQ__)
#define GELULAB_ALL_ORDERS_BODY(kernel)                                                                      \
    map8(x, y, n, [order](__m512d v) { return kernel(v, order); });                                          \
    return true;
#else
#define GELULAB_ALL_ORDERS_BODY(kernel) return false;
#endif
GELULAB_ALL_ORDERS_KERNEL(mishDouble, mish8)
GELULAB_ALL_ORDERS_KERNEL(tanhshrinkDouble, tanhshrink8)
GELULAB_ALL_ORDERS_KERNEL(logsigmoidDouble, logsigmoid8)
GELULAB_ALL_ORDERS_KERNEL(geluCauchyDouble, geluCauchy8)
#undef GELULAB_ALL_ORDERS_BODY
#undef GELULAB_ALL_ORDERS_KERNEL

bool softplusDouble([[maybe_unused]] const double *x, [[maybe_unused]] double *y,
                    [[maybe_unused]] std::size_t n, [[maybe_unused]] int order,
                    [[maybe_unused]] const double *params) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    const double beta = params[0], limit = params[1];
    map8(x, y, n, [beta, limit, order](__m512d v) { return softplus8(v, beta, limit, order); });
    return true;
#else
    return false;
#endif
}

bool geluGeneralDouble(const double *x, double *y, std::size_t n, int order, const double *params) {
    return params[0] == 0.0 && params[1] == 1.0 && geluDouble(x, y, n, order, params);
}

} // namespace gelulab::kernels
