// double gelu f on the SIMD targets with fused multiply-add: one rational function, no pieces or tables.
// Written over the lane type like the other kernels and compiled once per target (see vector_math-inl.h and
// docs/ARCHITECTURE.md, "Kernels"); gaussian-inl.h's Gelu calls it.
#if defined(GELULAB_GELU_RATIONAL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef GELULAB_GELU_RATIONAL_INL_H_
#undef GELULAB_GELU_RATIONAL_INL_H_
#else
#define GELULAB_GELU_RATIONAL_INL_H_
#endif

#include "vector_math-inl.h"

#include <bit>
#include <cstddef>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {

// gelu(x) = max(x, −0) − |x|·Q(a) with a = |x| (at most 40: beyond, the result is x or ±0 already) and
// Q(a) = Φ(−a) = exp(−a²/2)·G(a), as in gaussian-inl.h, but G by one rational function of a instead of pieces
// of t = 1/(1 + a/2) with t's division error carried along:
//   - 1/G(a) = s·a + N(a)/D(a), s = √(2π) rounded, N of degree 10 with N(0) = 2 and D of degree 11 with
//     D(0) = 1, all coefficients positive (relative error of 1/G 6.5e-18 with doubles). So |x|·Q =
//     exp(−a²/2)·X/Y with X = a·D and Y = s·X + N. N and D are c₀ + a·(the rest by Estrin's scheme), so that
//     at small a their rounding errors shrink with a; X = a + a²·(D − 1)/a takes a² exactly (hi + lo).
//   - b = X/Y rounds once; the remainder X − b·Y is exact by fma, and δ = (X − b·Y)/X corrects it, 1/X from
//     the integer bit trick (within 6 %, ample for a term below an ulp). Without δ the relative error reaches
//     4.4·2⁻⁵³ (numerator, denominator, quotient and the last product all round), more than 4 ulp allow.
//   - exp(−a²/2) = 2ⁿ·(1 + q): n = round(−a²/2·log₂e) by the magic-number addition (n then sits in the low
//     bits of t), w = a² + 2n·ln 2 with a² exact inside one fma, and q = e^(−w/2) − 1 = w·E(w), E of
//     degree 10.
//   - |x|·Q = b·(1 + q)·(1 + δ)·2ⁿ, 2ⁿ added to the exponent field while every result is normal, applied by
//     ScaleNoAssist otherwise.
// Worst error 2.9 ulp (relative 3.4·2⁻⁵³) at 4·10⁶ points against a long-double reference, against 3.5 for
// the pieces of t; on AVX2 about 1.35 times as fast as they are. The coefficients come from
// scripts/fit_gelu_double.py rational.
constexpr double kDoubleRationalN[11] = {2.0,
                                         2.680159621605577,
                                         1.832754101311297,
                                         0.818979360854339,
                                         0.2612918359805484,
                                         0.061730882739942164,
                                         0.010897900204662999,
                                         0.0014186867589712586,
                                         0.00013061916092702497,
                                         7.722499946276398e-06,
                                         2.249651639086553e-07};
constexpr double kDoubleRationalD[12] = {1.0,
                                         1.7955093873154235,
                                         1.5974853581775905,
                                         0.9157036298695622,
                                         0.3727135485342828,
                                         0.11262671896981936,
                                         0.025740523271772512,
                                         0.00445131365442211,
                                         0.0005721357949329415,
                                         5.2289002144970325e-05,
                                         3.080831739063592e-06,
                                         8.974811550025365e-08};
constexpr double kDoubleHalfExp[11] = {-0.5,
                                       0.12500000000000014,
                                       -0.02083333333333334,
                                       0.0026041666666608123,
                                       -0.00026041666666644153,
                                       2.1701388957095273e-05,
                                       -1.550099208971935e-06,
                                       9.688087609595084e-08,
                                       -5.382276440363036e-09,
                                       2.697889149544359e-10,
                                       -1.2258411931910039e-11};
constexpr double kSqrtTwoPi = 2.5066282746310007;   // √(2π) rounded, as the fit takes it
constexpr double kDoubleMagic = 6755399441055744.0; // 1.5·2⁵²: adding it rounds a double to an integer

// c[first] + c[first + 1]·s + … + c[first + count − 1]·s^(count − 1) by Estrin's scheme, with p = {s, s², s⁴,
// s⁸} (count ≤ 16): the lower half plus s^h times the upper, h the largest power of two below count.
template<std::size_t first, std::size_t count, class D, std::size_t size>
HWY_INLINE hn::Vec<D> Estrin(D d, const double (&c)[size], const hn::Vec<D> (&p)[4]) {
    static_assert(first + count <= size && count >= 1 && count <= 16);
    if constexpr (count == 1) {
        return Splat(d, c[first]);
    } else {
        constexpr std::size_t half = std::bit_floor(count - 1);
        return hn::MulAdd(Estrin<first + half, count - half>(d, c, p), p[std::countr_zero(half)],
                          Estrin<first, half>(d, c, p));
    }
}

template<class D>
HWY_INLINE hn::Vec<D> GeluRational(D d, hn::Vec<D> x) {
    using C = LaneConstants<double>;
    const hn::RebindToSigned<D> di;
    const auto a = hn::Min(hn::Abs(x), Splat(d, 40.0)); // NaN: 40 on x86, NaN elsewhere; x keeps it below
    const auto hi = hn::Mul(a, a);
    const auto magic = Splat(d, kDoubleMagic);
    const auto t = hn::MulAdd(hi, Splat(d, -0.5 * 1.4426950408889634), magic);
    // 2n·ln2_hi exactly from t (t·2ln2_hi − magic·2ln2_hi in one fma: ln2_hi has 32 bits), then w.
    const auto twiceNLn2Hi =
        hn::MulAdd(t, Splat(d, 2.0 * C::kLn2Hi), Splat(d, -kDoubleMagic * 2.0 * C::kLn2Hi));
    auto w = hn::MulAdd(a, a, twiceNLn2Hi);
    w = hn::MulAdd(twiceNLn2Hi, Splat(d, C::kLn2Lo / C::kLn2Hi), w);
    const auto w2 = hn::Mul(w, w);
    const auto w4 = hn::Mul(w2, w2);
    const hn::Vec<D> wp[4] = {w, w2, w4, hn::Mul(w4, w4)};
    const auto q = hn::Mul(w, Estrin<0, 11>(d, kDoubleHalfExp, wp));

    const auto a4 = hn::Mul(hi, hi);
    const hn::Vec<D> ap[4] = {a, hi, a4, hn::Mul(a4, a4)};
    const auto n = hn::MulAdd(Estrin<1, 10>(d, kDoubleRationalN, ap), a, Splat(d, kDoubleRationalN[0]));
    const auto dRest = hn::MulAdd(Estrin<2, 10>(d, kDoubleRationalD, ap), a, Splat(d, kDoubleRationalD[1]));
    const auto X = hn::MulAdd(hi, dRest, hn::MulAdd(ProductError(d, a, a, hi), dRest, a));
    const auto Y = hn::MulAdd(X, Splat(d, kSqrtTwoPi), n);
    const auto b = hn::Div(X, Y);
    // 1/X within 6 % from its bits (X = 0 gives a finite 1.3e308 against a remainder of 0).
    const auto reciprocal =
        hn::BitCast(d, hn::Sub(hn::Set(di, std::int64_t{0x7FDE623822FC16E6}), hn::BitCast(di, X)));
    const auto delta = hn::Mul(hn::NegMulAdd(b, Y, X), reciprocal);
    const auto factor = hn::MulAdd(q, delta, hn::Add(q, delta)); // (1 + q)(1 + δ) − 1
    const auto v = hn::MulAdd(b, factor, b);
    // Every result normal where n ≥ kAssistBelow (v is at least 0.2 wherever n < 0).
    hn::Vec<D> aq;
    if (hn::AllFalse(d, hn::Lt(t, Splat(d, kDoubleMagic + C::kAssistBelow))))
        aq = hn::BitCast(d, hn::Add(hn::BitCast(di, v), hn::ShiftLeft<52>(hn::BitCast(di, t))));
    else
        aq = ScaleNoAssist(d, v, hn::Sub(t, magic));
    return hn::Sub(AtLeastKeepNaN(d, x, -0.0), aq);
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // include guard
