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

#include <array>
#include <cstddef>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {

// gelu(x) = max(x, −0) − |x|·Q(a) with a = |x| (at most 40: beyond, the result is x or ±0 already) and
// Q(a) = Φ(−a) = exp(−a²/2)·G(a), as in gaussian-inl.h, but G by one rational function of a instead of pieces
// of t = 1/(1 + a/2) with t's division error carried along:
//   - 1/G(a) = s·a + N(a)/D(a), s = √(2π) rounded, N of degree 10 with N(0) = 2 and D of degree 11 with
//     D(0) = 1, all coefficients positive (relative error of 1/G 6.5e-18 with doubles). So |x|·Q =
//     exp(−a²/2)·X/Y with X = a·D and Y = s·X + N. N and D are c₀ + a·(the rest in powers of a², odd and
//     even terms apart), so that at small a their rounding errors shrink with a; X = a + a²·(D − 1)/a takes
//     a² exactly (hi + lo).
//   - b = X/Y rounds once; the remainder X − b·Y is exact by fma, and δ = (X − b·Y)/X corrects it, 1/X from
//     the integer bit trick (within 6 %, ample for a term below an ulp). Without δ the relative error reaches
//     4.4·2⁻⁵³ (numerator, denominator, quotient and the last product all round), more than 4 ulp allow.
//   - exp(−a²/2) = 2ⁿ·(1 + q): n = round(−a²/2·log₂e) by the magic-number addition (n then sits in the low
//     bits of t), w = a² + 2n·ln 2 with a² exact inside one fma, and q = e^(−w/2) − 1 = w·E(w), E of
//     degree 10.
//   - |x|·Q = b·(1 + q + δ)·2ⁿ, 2ⁿ added to the exponent field while every result is normal, applied by
//     ScaleNoAssist otherwise.
// Worst error 3.1 ulp (relative 3.5·2⁻⁵³) at 1.6·10⁷ points against a long-double reference, against 3.5 for
// the pieces of t; on AVX2 about 1.5 times as fast as they are. The coefficients come from
// scripts/fit_gelu_double.py rational.
constexpr std::array<double, 11> kDoubleRationalN{2.0,
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
constexpr std::array<double, 12> kDoubleRationalD{1.0,
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
constexpr std::array<double, 11> kDoubleHalfExp{-0.5,
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
constexpr double kSqrtTwoPi = 2.5066282746310007; // √(2π) rounded, as the fit takes it

// c[first] + c[first + 1]·a + … + c[N − 1]·a^(N − 1 − first) as E(a²) + a·O(a²), E and O by Horner's rule
// in a² = hi: the loop is bound by its multiply-adds (about fifty a vector), and this needs no powers of a
// beyond a², where Estrin's scheme would need a⁴ and a⁸ too.
template<std::size_t first, class D, std::size_t N>
HWY_INLINE hn::Vec<D> HornerInSquares(D d, const std::array<double, N> &c, hn::Vec<D> a, hn::Vec<D> hi) {
    static_assert(first + 2 < N);
    constexpr std::size_t lastEven = first + (N - 1 - first) / 2 * 2; // the last of c[first], c[first + 2], …
    constexpr std::size_t lastOdd = first + 1 + (N - 2 - first) / 2 * 2;
    auto even = Splat(d, c[lastEven]);
    for (std::size_t k = lastEven; k > first; k -= 2)
        even = hn::MulAdd(even, hi, Splat(d, c[k - 2]));
    auto odd = Splat(d, c[lastOdd]);
    for (std::size_t k = lastOdd; k > first + 1; k -= 2)
        odd = hn::MulAdd(odd, hi, Splat(d, c[k - 2]));
    return hn::MulAdd(odd, a, even);
}

template<class D>
HWY_INLINE hn::Vec<D> GeluRational(D d, hn::Vec<D> x) {
    const hn::RebindToSigned<D> di;
    const auto a = hn::Min(hn::Abs(x), Splat(d, 40.0)); // NaN: 40 or NaN by target; x keeps it below
    const auto [hi, t, w] = ReduceHalfSquare(d, a);
    // Horner's rule for E: no powers of w, and its chain runs beside the rational function's.
    const auto q = hn::Mul(w, Horner(d, w, kDoubleHalfExp));

    const auto n =
        hn::MulAdd(HornerInSquares<1>(d, kDoubleRationalN, a, hi), a, Splat(d, kDoubleRationalN[0]));
    const auto dRest =
        hn::MulAdd(HornerInSquares<2>(d, kDoubleRationalD, a, hi), a, Splat(d, kDoubleRationalD[1]));
    const auto X = hn::MulAdd(hi, dRest, hn::MulAdd(ProductError(d, a, a, hi), dRest, a));
    const auto Y = hn::MulAdd(X, Splat(d, kSqrtTwoPi), n);
    const auto b = hn::Div(X, Y);
    // 1/X within 6 % from its bits (X = 0 gives a finite 1.3e308 against a remainder of 0).
    const auto reciprocal =
        hn::BitCast(d, hn::Sub(hn::Set(di, std::int64_t{0x7FDE623822FC16E6}), hn::BitCast(di, X)));
    // (1 + q)(1 + δ) − 1 without q·δ (below 0.42·2⁻⁵³; it costs 5 % of the loop's time to keep).
    const auto factor = hn::MulAdd(hn::NegMulAdd(b, Y, X), reciprocal, q);
    const auto v = hn::MulAdd(b, factor, b);
    // Every result normal where n ≥ kAssistBelow. Compared as doubles, not as integers as the float kernel's
    // blocks must: a ≤ 40 keeps t finite and positive, and the floating comparison measured about 2 % faster
    // on AVX2.
    hn::Vec<D> aq;
    if (hn::AllFalse(d, hn::Lt(t, Splat(d, kRoundingMagic<double> + LaneConstants<double>::kAssistBelow))))
        aq = AddToExponent(d, v, t);
    else
        aq = ScaleNoAssist(d, v, hn::Sub(t, Splat(d, kRoundingMagic<double>)));
    return hn::Sub(AtLeastKeepNaN(d, x, -0.0), aq);
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // include guard
