#include "double_kernels.h"

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
//   - G(a) = t·P_j(8t − j − 1/2), t = 1/d, d = 1 + a/2 (rounding error dlo exact), j = min(⌊8t⌋, 7): eight
//     intervals of t, each with a degree-12 polynomial (relative error 4e-18 with the coefficients as
//     doubles, the constant terms as pairs), coefficients gathered per lane with vpermpd;
//   - X = x·t·P corrected once by fma(X, corr, X), corr = q + c + c·q, c = resid − lo/2, then scaled by 2ⁿ.
// x is clamped to ±40 (the gate is exactly 0 or 1 beyond in double); NaN passes the clamp. The coefficients
// come from scripts/fit_gelu_double.py.
constexpr double kG[13][8] = {
    {0.2125335896637407, 0.2423569939968958, 0.2770269340774849, 0.31575189850242796, 0.35710594310423455,
     0.3994163040385915, 0.4411301034092715, 0.48101932252798196},
    {0.02733579735742069, 0.03231226771438139, 0.036893001968752476, 0.04031201750155124, 0.04211084681315075,
     0.04224771973631053, 0.040974492703492515, 0.03866303013626474},
    {0.0024564657503051224, 0.002457886205809787, 0.002055482379931028, 0.001324525769811208,
     0.0004721166335215413, -0.000312695062924101, -0.000928526084445549, -0.0013516584057648678},
    {5.8232650416663475e-05, -6.503442414709887e-05, -0.00019852050510197347, -0.0002762871941229606,
     -0.0002811248070796221, -0.00023655954042992361, -0.00017288606673689568, -0.00011047818786392789},
    {-2.3942864674591383e-05, -3.528715160073418e-05, -2.836919858422353e-05, -9.885683324193659e-06,
     6.31986739686117e-06, 1.4637003000623933e-05, 1.635360098464763e-05, 1.4478226232989015e-05},
    {-3.4082924773189144e-06, -5.816577506232505e-07, 3.048792614872301e-06, 3.82564627746402e-06,
     2.4840690975185367e-06, 9.052687253131077e-07, -1.1114086383507916e-07, -5.616501798689485e-07},
    {1.6152773692268666e-07, 6.865935010459289e-07, 4.0237711519365216e-07, -1.0695564980039912e-07,
     -2.825254460167899e-07, -2.233894660113556e-07, -1.170397243104856e-07, -3.9714053840960893e-08},
    {9.775885999408325e-08, 2.081117727556438e-08, -8.015528299387067e-08, -5.1582909760685496e-08,
     -2.8154334480982778e-09, 1.494490790777341e-08, 1.3799648178772742e-08, 8.237470676060535e-09},
    {3.5595382989521514e-09, -1.8359974997561838e-08, -3.2549138215740485e-09, 7.11359545602244e-09,
     4.186100580865216e-09, 6.39623029894272e-10, -6.155748203293487e-10, -6.72447467402151e-10},
    {-2.8882723717647208e-09, -2.163413420030061e-10, 2.195641340754463e-09, 1.2339342200148246e-10,
     -4.988156891606061e-10, -2.5609507422482295e-10, -4.953618431093001e-11, 2.0286405689530257e-11},
    {-3.42208323274042e-10, 6.068157317921897e-10, -1.408114250727756e-10, -1.564482963000957e-10,
     5.909858790753838e-12, 2.8149420510674794e-11, 1.2713769360807364e-11, 2.7104487199355424e-12},
    {1.0895899866371412e-10, -2.1391562248263643e-11, -4.3870249061477105e-11, 1.9392169251670947e-11,
     7.131339710812735e-12, -9.19689875535634e-13, -1.310413963334193e-12, -5.369228982145478e-13},
    {7.769384406761175e-12, -2.1108768502332e-11, 9.562734401820236e-12, 4.1634158189874484e-13,
     -1.2108944362388384e-12, -2.1950263567172709e-13, 6.210935646510579e-14, 5.2176748894638024e-14},
};
constexpr double kG0Lo[8] = {1.2114652168543449e-17,  8.529827980638091e-18,  2.71247204056238e-18,
                             2.7042076629228453e-17,  1.6715947535616996e-17, 2.7022493362688968e-17,
                             -2.5098067956452426e-17, 1.7248354816661216e-17};
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

inline __m512d gelu8(__m512d x) {
    const __m512d xc = _mm512_min_pd(splat(40.0), _mm512_max_pd(splat(-40.0), x)); // NaN stays NaN
    const __m512d a = _mm512_abs_pd(xc);
    const __m512d hi = _mm512_mul_pd(a, a);
    const __m512d lo = _mm512_fmsub_pd(a, a, hi);
    const __m512d y = _mm512_mul_pd(hi, splat(-0.5));
    const __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(y, splat(1.4426950408889634)),
                                           _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512d r = _mm512_fnmadd_pd(n, splat(0.6931471803691238), y);
    r = _mm512_fnmadd_pd(n, splat(1.9082149292705877e-10), r);
    __m512d s10 = splat(kExpS[10]);
    for (int k = 9; k >= 0; --k)
        s10 = _mm512_fmadd_pd(s10, r, splat(kExpS[k]));
    const __m512d q = _mm512_fmadd_pd(s10, _mm512_mul_pd(r, r), r); // exp(r) = 1 + q

    const __m512d d = _mm512_fmadd_pd(a, splat(0.5), splat(1.0));
    const __m512d dlo = _mm512_fmadd_pd(a, splat(0.5), _mm512_sub_pd(splat(1.0), d));
    const __m512d t = _mm512_div_pd(splat(1.0), d);
    const __m512d resid = _mm512_fnmadd_pd(dlo, t, _mm512_fnmadd_pd(d, t, splat(1.0)));
    const __m512d t8 = _mm512_mul_pd(t, splat(8.0));
    const __m512d j =
        _mm512_min_pd(_mm512_roundscale_pd(t8, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC), splat(7.0));
    const __m512d s = _mm512_sub_pd(_mm512_sub_pd(t8, j), splat(0.5));
    const __m512i index = _mm512_cvttpd_epi64(j);
    __m512d p = _mm512_permutexvar_pd(index, _mm512_loadu_pd(kG[12]));
    for (int k = 11; k >= 1; --k)
        p = _mm512_fmadd_pd(p, s, _mm512_permutexvar_pd(index, _mm512_loadu_pd(kG[k])));
    p = _mm512_add_pd(_mm512_fmadd_pd(p, s, _mm512_permutexvar_pd(index, _mm512_loadu_pd(kG0Lo))),
                      _mm512_permutexvar_pd(index, _mm512_loadu_pd(kG[0])));

    const __m512d bulk = _mm512_mul_pd(_mm512_mul_pd(xc, t), p);
    const __m512d c = _mm512_fmadd_pd(lo, splat(-0.5), resid);
    const __m512d corr = _mm512_add_pd(_mm512_fmadd_pd(c, q, c), q);
    const __m512d xq = scaleNoAssist(_mm512_fmadd_pd(bulk, corr, bulk), n); // x·Q(a)
    const __mmask8 notNegative = _mm512_cmp_pd_mask(x, _mm512_setzero_pd(), _CMP_NLT_UQ);
    return _mm512_mask_sub_pd(xq, notNegative, x, xq);
}

} // namespace
#endif

bool geluDouble(const double *x, double *y, std::size_t n, int order, const double *) {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (order != 0) return false;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm512_storeu_pd(y + i, gelu8(_mm512_loadu_pd(x + i)));
    if (i < n) {
        const auto mask = static_cast<__mmask8>((1u << (n - i)) - 1u);
        _mm512_mask_storeu_pd(y + i, mask, gelu8(_mm512_maskz_loadu_pd(mask, x + i)));
    }
    return true;
#else
    (void)x, (void)y, (void)n, (void)order;
    return false;
#endif
}

bool geluGeneralDouble(const double *x, double *y, std::size_t n, int order, const double *params) {
    return params[0] == 0.0 && params[1] == 1.0 && geluDouble(x, y, n, order, params);
}

} // namespace gelulab::kernels
