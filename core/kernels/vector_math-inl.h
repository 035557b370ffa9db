// The building blocks of the vector kernels (vector_kernels.cpp), written once over the lane type T (float or
// double) and compiled once per SIMD target by Highway's foreach_target.h: error-free products, powers of
// two, e^z reduced as 2ⁿ·(1 + q), the logistic gate, tanh, log1p and atan as float or double pairs. The
// algorithms and their error budgets are described in docs/ARCHITECTURE.md ("Kernels"); the constants per
// type are in LaneConstants below.
//
// Highway's per-target include guard: this file is included once for each target.
#if defined(GELULAB_VECTOR_MATH_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef GELULAB_VECTOR_MATH_INL_H_
#undef GELULAB_VECTOR_MATH_INL_H_
#else
#define GELULAB_VECTOR_MATH_INL_H_
#endif

#include "tanh_series.h"

#include <hwy/highway.h>

#include <array>
#include <cstddef>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template<typename T>
struct LaneConstants;

// float: e^r by a degree-4 fit (relative error 3.8e-9); ln 2 split so that n·ln2_hi is exact for |n| < 2¹¹.
template<>
struct LaneConstants<float> {
    using Bits = std::int32_t;
    static constexpr int kMantissaBits = 23, kBias = 127, kMinExponent = -126, kSubnormalShift = 149;
    static constexpr float kLn2Hi = 0.693145751953125f, kLn2Lo = 1.42860682030941723212e-6f;
    static constexpr std::array<float, 5> kExpS{0.4999999403953552f, 0.1666652113199234f,
                                                0.04166838899254799f, 0.008368710055947304f,
                                                0.0013814610429108143f};
    static constexpr float kSplitter = 4097.0f;    // 2¹² + 1: Veltkamp's split without fma
    static constexpr float kAssistBelow = -120.0f; // below this power, a result |v| < 64 may be subnormal
    static constexpr float kGateFloor = -40.0f;    // e^−|g| below 2⁻⁴⁰ no longer moves 1 + E
    static constexpr float kExpFloor = -120.0f; // e^z for z below is 0 or −1 after the − 1, to the last bit
    static constexpr float kLogisticClamp = 120.0f;
    static constexpr float kCauchyFar = 1e18f;
    static constexpr int kLog1pTerms = 8, kAtanRemainderTerms = 15, kTanhshrinkTerms = 10;
};

// double: e^r by a degree-10 fit (relative error 3e-19); ln2_hi has 32 significant bits.
template<>
struct LaneConstants<double> {
    using Bits = std::int64_t;
    static constexpr int kMantissaBits = 52, kBias = 1023, kMinExponent = -1022, kSubnormalShift = 1074;
    static constexpr double kLn2Hi = 0.6931471803691238, kLn2Lo = 1.9082149292705877e-10;
    static constexpr std::array<double, 11> kExpS{0.5,
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
    static constexpr double kSplitter = 134217729.0; // 2²⁷ + 1
    static constexpr double kAssistBelow = -1016.0;
    static constexpr double kGateFloor = -80.0;
    static constexpr double kExpFloor = -800.0;
    static constexpr double kLogisticClamp = 750.0;
    static constexpr double kCauchyFar = 1e300;
    static constexpr int kLog1pTerms = 19, kAtanRemainderTerms = 30, kTanhshrinkTerms = 26;
};

template<class D>
using Lane = hn::TFromD<D>;

template<class D>
HWY_INLINE hn::Vec<D> Splat(D d, double v) {
    return hn::Set(d, static_cast<Lane<D>>(v));
}

// max(lo, x) and min(hi, x) with NaN passed through: x86's max and min return their second operand for NaN,
// which keeps x; elsewhere (Highway's emulation drops NaN like fmax) by a comparison.
template<class D>
HWY_INLINE hn::Vec<D> AtLeastKeepNaN(D d, hn::Vec<D> x, double lo) {
#if HWY_ARCH_X86 && HWY_TARGET != HWY_EMU128 && HWY_TARGET != HWY_SCALAR
    return hn::Max(Splat(d, lo), x);
#else
    const auto l = Splat(d, lo);
    return hn::IfThenElse(hn::Lt(x, l), l, x);
#endif
}

template<class D>
HWY_INLINE hn::Vec<D> AtMostKeepNaN(D d, hn::Vec<D> x, double hi) {
#if HWY_ARCH_X86 && HWY_TARGET != HWY_EMU128 && HWY_TARGET != HWY_SCALAR
    return hn::Min(Splat(d, hi), x);
#else
    const auto h = Splat(d, hi);
    return hn::IfThenElse(hn::Gt(x, h), h, x);
#endif
}

// min(hi, max(lo, x)) with NaN passed through.
template<class D>
HWY_INLINE hn::Vec<D> ClampKeepNaN(D d, hn::Vec<D> x, double lo, double hi) {
    return AtMostKeepNaN(d, AtLeastKeepNaN(d, x, lo), hi);
}

// p(s) = c[0] + c[1]·s + … + c[N−1]·s^(N−1) by Horner's rule, the highest coefficient first.
template<class D, typename C, std::size_t N>
HWY_INLINE hn::Vec<D> Horner(D d, hn::Vec<D> s, const std::array<C, N> &c) {
    auto p = Splat(d, c[N - 1]);
    for (std::size_t k = N - 1; k-- > 0;)
        p = hn::MulAdd(p, s, Splat(d, c[k]));
    return p;
}

// The rounding error of the product p = a·b (exactly a·b − p): one fma where the target has it, Veltkamp's
// split and Dekker's product where it does not (SSE4, the emulated target).
template<class D>
HWY_INLINE hn::Vec<D> ProductError(D d, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> p) {
#if HWY_NATIVE_FMA
    (void)d;
    return hn::MulSub(a, b, p);
#else
    const auto split = Splat(d, LaneConstants<Lane<D>>::kSplitter);
    const auto ca = hn::Mul(a, split), cb = hn::Mul(b, split);
    const auto aHi = hn::Sub(ca, hn::Sub(ca, a)), bHi = hn::Sub(cb, hn::Sub(cb, b));
    const auto aLo = hn::Sub(a, aHi), bLo = hn::Sub(b, bHi);
    const auto e1 = hn::Sub(hn::Mul(aHi, bHi), p);
    const auto e2 = hn::Add(e1, hn::Mul(aHi, bLo));
    const auto e3 = hn::Add(e2, hn::Mul(aLo, bHi));
    return hn::Add(e3, hn::Mul(aLo, bLo));
#endif
}

// c − a·b rounded about once, also where c and a·b cancel: one fma, or (c − p) − e without, p = a·b rounded
// and e its error (c − p is exact where they cancel).
template<class D>
HWY_INLINE hn::Vec<D> CancellingNegMulAdd(D d, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> c) {
#if HWY_NATIVE_FMA
    (void)d;
    return hn::NegMulAdd(a, b, c);
#else
    const auto p = hn::Mul(a, b);
    return hn::Sub(hn::Sub(c, p), ProductError(d, a, b, p));
#endif
}

// c·x as a pair g + glo, c = cHi + cLo.
template<class D>
HWY_INLINE void ScaledPair(D d, hn::Vec<D> x, double cHi, double cLo, hn::Vec<D> &g, hn::Vec<D> &glo) {
    const auto hi = Splat(d, cHi);
    g = hn::Mul(x, hi);
    glo = hn::MulAdd(x, Splat(d, cLo), ProductError(d, x, hi, g));
}

// 1.5·2^p, p the mantissa width: adding it to |y| < 2^(p−1) rounds y to an integer and leaves that integer in
// the low mantissa bits.
template<typename T>
constexpr double kRoundingMagic = 1.5 *
                                  static_cast<double>(std::uint64_t{1} << LaneConstants<T>::kMantissaBits);

// 2ⁿ for integral n, built from its exponent bits (n below the normal range gives the smallest normal power,
// where the callers no longer depend on it). n + bias is placed in the low mantissa bits by adding 1.5·2^p
// (p the mantissa width) and shifted into the exponent field: two integer steps, where a conversion to
// integer would cost Highway's overflow fix-up on x86.
template<class D>
HWY_INLINE hn::Vec<D> Pow2(D d, hn::Vec<D> n) {
    using C = LaneConstants<Lane<D>>;
    const hn::RebindToUnsigned<D> du;
    const auto biased =
        hn::Add(hn::Max(n, Splat(d, C::kMinExponent)), Splat(d, kRoundingMagic<Lane<D>> + C::kBias));
    return hn::BitCast(d, hn::ShiftLeft<C::kMantissaBits>(hn::BitCast(du, biased)));
}

// v·2ⁿ for integral n where the result is normal (or where the callers no longer depend on it): AVX-512 has
// one instruction for it.
template<class D>
HWY_INLINE hn::Vec<D> MulPow2(D d, hn::Vec<D> v, hn::Vec<D> n) {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
    (void)d;
    if constexpr (sizeof(Lane<D>) == 4)
        return hn::Vec<D>{_mm512_scalef_ps(v.raw, n.raw)};
    else
        return hn::Vec<D>{_mm512_scalef_pd(v.raw, n.raw)};
#else
    return hn::Mul(v, Pow2(d, n));
#endif
}

// v·2ˢ (s integral, ≤ 0) correctly rounded, also where the result is subnormal, without subnormal
// floating-point arithmetic (an x86 core takes a slow microcode assist for each instruction that produces
// one): such lanes are built as integers, round(|v|·2^(s + shift)) being exactly the subnormal's bit pattern.
// Needs |v| < 64, so that no lane with s ≥ kAssistBelow can come out subnormal: then one comparison decides
// the common case.
template<class D>
HWY_INLINE hn::Vec<D> ScaleNoAssist(D d, hn::Vec<D> v, hn::Vec<D> s) {
    using C = LaneConstants<Lane<D>>;
    const auto floor = Splat(d, C::kAssistBelow);
    if (hn::AllFalse(d, hn::Lt(s, floor))) return MulPow2(d, v, s);
    const hn::RebindToSigned<D> di;
    // The exponent of v (v normal or 0; 0 gives −bias, so its lanes build ±0 below).
    const auto bits = hn::BitCast(di, hn::Abs(v));
    const auto exponentOfV = hn::ConvertTo(d, hn::Sub(hn::ShiftRight<C::kMantissaBits>(bits),
                                                      hn::Set(di, static_cast<typename C::Bits>(C::kBias))));
    // Only lanes scaled below kAssistBelow: elsewhere one product by 2ˢ rounds once, also for a subnormal v.
    const auto tiny = hn::And(hn::Lt(s, floor), hn::Lt(hn::Add(exponentOfV, s), Splat(d, C::kMinExponent)));
    // Normal results: two exact steps by powers of two (2ˢ itself may be below the normal range).
    const auto half = hn::Max(s, floor);
    const auto normal = MulPow2(d, MulPow2(d, v, half), hn::Sub(s, half));
    if (hn::AllFalse(d, tiny)) return normal;
    // Only the tiny lanes' units (the others may be NaN, whose conversion to integers the emulated targets
    // leave undefined).
    const auto units = hn::IfThenElseZero(
        tiny, hn::Mul(hn::Abs(v), Pow2(d, hn::Max(hn::Add(s, Splat(d, C::kSubnormalShift)), floor))));
    const auto pattern = hn::ConvertTo(di, hn::Round(units));
    const auto sign = hn::And(hn::BitCast(di, v), hn::BitCast(di, Splat(d, -0.0)));
    return hn::IfThenElse(tiny, hn::BitCast(d, hn::Or(pattern, sign)), normal);
}

// e^(z + zlo) for z ≤ 0 (|z| small enough that n·ln2_hi stays exact; zlo may be null for 0) as 2ⁿ·(1 + q): n
// = round(z·log₂e), r = z − n·ln2 + zlo, q = r + r²·S(r).
template<class D>
HWY_INLINE void ExpReduced(D d, hn::Vec<D> z, const hn::Vec<D> *zlo, hn::Vec<D> &n, hn::Vec<D> &q) {
    using C = LaneConstants<Lane<D>>;
    n = hn::Round(hn::Mul(z, Splat(d, 1.4426950408889634)));
    auto r = hn::NegMulAdd(n, Splat(d, C::kLn2Hi), z);
    r = hn::NegMulAdd(n, Splat(d, C::kLn2Lo), r);
    if (zlo != nullptr) r = hn::Add(r, *zlo);
    const auto r2 = hn::Mul(r, r);
    if constexpr (sizeof(Lane<D>) == 8) {
        // Degree 10 by Estrin's scheme: four dependent multiply-adds instead of ten, for the double loops,
        // which their latency bounds.
        const auto &c = C::kExpS;
        auto P = [&](int k) { return hn::MulAdd(Splat(d, c[k + 1]), r, Splat(d, c[k])); };
        const auto r4 = hn::Mul(r2, r2);
        const auto a01 = hn::MulAdd(P(2), r2, P(0));
        const auto a45 = hn::MulAdd(P(6), r2, P(4));
        const auto a8 = hn::MulAdd(Splat(d, c[10]), r2, P(8));
        const auto r8 = hn::Mul(r4, r4);
        q = hn::MulAdd(hn::MulAdd(a8, r8, hn::MulAdd(a45, r4, a01)), r2, r);
    } else {
        q = hn::MulAdd(Horner(d, r, C::kExpS), r2, r);
    }
}

// exp(−a²/2) = 2ⁿ·e^(−w/2) for a ≥ 0, the gelu kernels' form (gaussian-inl.h, gelu_rational-inl.h): n =
// round(−a²/2·log₂e) by adding kRoundingMagic, which leaves n in the low bits of t, and w = a² + 2n·ln 2 (|w|
// at most ln 2 and a little: n comes from a² rounded). 2n·ln2_hi comes exactly from t as t·2ln2_hi −
// magic·2ln2_hi in one fma (ln2_hi's bits and n's fit the mantissa), a² enters w exactly inside one fma, and
// 2n·ln2_lo is 2n·ln2_hi times ln2_lo/ln2_hi (its rounding is far below w's).
template<class D>
struct HalfSquare {
    hn::Vec<D> square, t, w; // a² rounded, the magic plus n, w
};

template<class D>
HWY_INLINE HalfSquare<D> ReduceHalfSquare(D d, hn::Vec<D> a) {
    using C = LaneConstants<Lane<D>>;
    constexpr double kMagic = kRoundingMagic<Lane<D>>;
    const auto square = hn::Mul(a, a);
    const auto t = hn::MulAdd(square, Splat(d, -0.5 * 1.4426950408889634), Splat(d, kMagic));
#if HWY_NATIVE_FMA
    const auto twiceNLn2Hi = hn::MulAdd(t, Splat(d, 2.0 * C::kLn2Hi), Splat(d, -kMagic * 2.0 * C::kLn2Hi));
    auto w = hn::MulAdd(a, a, twiceNLn2Hi);
#else
    // Without fma: n·2ln2_hi from n itself; the rounded square plus it is exact (they nearly cancel), then
    // the square's rounding error.
    const auto twiceNLn2Hi = hn::Mul(hn::Sub(t, Splat(d, kMagic)), Splat(d, 2.0 * C::kLn2Hi));
    auto w = hn::Add(hn::Add(square, twiceNLn2Hi), ProductError(d, a, a, square));
#endif
    w = hn::MulAdd(twiceNLn2Hi, Splat(d, double(C::kLn2Lo) / double(C::kLn2Hi)), w);
    return {square, t, w};
}

// v·2ⁿ for ReduceHalfSquare's t, n added to v's exponent field as an integer (the magic's own bits shift
// out): only where every result is normal and v is normal, or 0 with n = 0.
template<class D>
HWY_INLINE hn::Vec<D> AddToExponent(D d, hn::Vec<D> v, hn::Vec<D> t) {
    const hn::RebindToSigned<D> di;
    return hn::BitCast(d, hn::Add(hn::BitCast(di, v),
                                  hn::ShiftLeft<LaneConstants<Lane<D>>::kMantissaBits>(hn::BitCast(di, t))));
}

// eᶻ − 1 for z ≤ 0 without cancellation: 2ⁿ·q + (2ⁿ − 1), where 2ⁿ − 1 is exact (or within half an ulp of −1
// once 2ⁿ is below the precision, where eᶻ − 1 is −1 to the last bit anyway).
template<class D>
HWY_INLINE hn::Vec<D> Expm1Negative(D d, hn::Vec<D> z) {
    hn::Vec<D> n, q;
    ExpReduced(d, AtLeastKeepNaN(d, z, LaneConstants<Lane<D>>::kExpFloor), nullptr, n, q);
    const auto p = Pow2(d, n);
    return hn::MulAdd(p, q, hn::Sub(p, Splat(d, 1.0)));
}

// eᶻ for z ≤ 0, subnormal results rounded once.
template<class D>
HWY_INLINE hn::Vec<D> ExpNegative(D d, hn::Vec<D> z) {
    hn::Vec<D> n, q;
    ExpReduced(d, AtLeastKeepNaN(d, z, LaneConstants<Lane<D>>::kExpFloor), nullptr, n, q);
    return ScaleNoAssist(d, hn::Add(q, Splat(d, 1.0)), n);
}

// The sign bit where g ≥ 0: xor with it turns g into −|g|.
template<class D>
HWY_INLINE hn::Vec<D> SignFlip(D d, hn::Vec<D> g) {
    return hn::AndNot(g, Splat(d, -0.0));
}

// x·σ(g) (or σ(g) alone), the gate of gelu_tanh, gelu_sigmoid, silu and sigmoid. For x < 0 the result is
// about x·e^g, so g's absolute error becomes its relative error: the callers pass g as a pair g + glo with
// the sign of x, and the reduction −|g| = n·ln2 + r keeps glo. Then E = e^−|g| = 2ⁿ·(1 + q), and x·σ(g) =
// x/(1 + E) for g ≥ 0, 2ⁿ·x·(1 + q)/(1 + E) for g < 0, the power of two applied last so that subnormal
// results round once. xc is x clamped where the gate is already exactly 0 or 1 (the callers keep n·ln2_hi
// exact); NaN passes through the clamps.
template<class D>
HWY_INLINE hn::Vec<D> LogisticGate(D d, hn::Vec<D> x, hn::Vec<D> xc, hn::Vec<D> g, hn::Vec<D> glo,
                                   bool timesX) {
    const auto flip = SignFlip(d, g);
    hn::Vec<D> n, q;
    const auto gloFlipped = hn::Xor(glo, flip);
    ExpReduced(d, hn::Xor(g, flip), &gloFlipped, n, q);
    // E only as far as it matters next to 1: keeping it normal avoids slow subnormal arithmetic.
    const auto one = Splat(d, 1.0);
    const auto e = MulPow2(d, hn::Add(q, one), hn::Max(n, Splat(d, LaneConstants<Lane<D>>::kGateFloor)));
    const auto denominator = hn::Add(e, one);
    // x ≥ 0 (a NaN lane is NaN on either side).
    const auto notNegative = hn::Ge(x, hn::Zero(d));
    const auto numerator = timesX ? hn::IfThenElse(notNegative, x, hn::MulAdd(xc, q, xc))
                                  : hn::IfThenElse(notNegative, one, hn::Add(q, one));
    const auto scale = hn::IfThenZeroElse(notNegative, n);
    return ScaleNoAssist(d, hn::Div(numerator, denominator), scale);
}

// σ(g) and σ(−g) for g = g + glo, both accurate (no 1 − σ): with E = e^(−|g|), 1/(1 + E) on the side of the
// sign of g and E/(1 + E) on the other. g is clamped where both are exactly 0 or 1 (NaN passes).
template<class D>
HWY_INLINE void LogisticPair(D d, hn::Vec<D> g, hn::Vec<D> glo, hn::Vec<D> &s, hn::Vec<D> &v) {
    using C = LaneConstants<Lane<D>>;
    const auto gc = ClampKeepNaN(d, g, -C::kLogisticClamp, C::kLogisticClamp);
    const auto flip = SignFlip(d, gc);
    hn::Vec<D> n, q;
    const auto gloFlipped = hn::Xor(glo, flip);
    ExpReduced(d, hn::Xor(gc, flip), &gloFlipped, n, q);
    const auto one = Splat(d, 1.0);
    const auto e = MulPow2(d, hn::Add(q, one), hn::Max(n, Splat(d, C::kGateFloor)));
    const auto denominator = hn::Add(e, one);
    const auto big = hn::Div(one, denominator);
    const auto small = ScaleNoAssist(d, hn::Div(hn::Add(q, one), denominator), n);
    const auto notNegative = hn::Ge(g, hn::Zero(d)); // a NaN lane is NaN on either side
    s = hn::IfThenElse(notNegative, big, small);
    v = hn::IfThenElse(notNegative, small, big);
}

// tanh(x) = sign(x)·(−m)/(2 + m) with m = e^(−2|x|) − 1 (no cancellation anywhere); tanh′ = sech² =
// 4E/(1 + E)² with E = e^(−2|x|); tanh″ = −2·tanh·sech².
template<class D>
HWY_INLINE hn::Vec<D> Tanh(D d, hn::Vec<D> x, int order) {
    const auto a2 = hn::Mul(hn::Abs(x), Splat(d, -2.0)); // exact
    const auto m = Expm1Negative(d, a2);
    const auto t =
        hn::Or(hn::Div(hn::Sub(hn::Zero(d), m), hn::Add(m, Splat(d, 2.0))), hn::And(x, Splat(d, -0.0)));
    if (order == 0) return t;
    const auto e = ExpNegative(d, a2);
    const auto onePlus = hn::Add(e, Splat(d, 1.0));
    const auto sech2 = hn::Div(hn::Mul(Splat(d, 4.0), e), hn::Mul(onePlus, onePlus));
    if (order == 1) return sech2;
    return hn::Mul(hn::Mul(Splat(d, -2.0), t), sech2);
}

// log(1 + y) for 0 ≤ y ≤ 1: 2·atanh(u), u = y/(2 + y) ≤ 1/3, by its series 2u·Σ u^(2k)/(2k + 1).
template<class D>
HWY_INLINE hn::Vec<D> Log1pUnit(D d, hn::Vec<D> y) {
    constexpr int kTerms = LaneConstants<Lane<D>>::kLog1pTerms;
    const auto u = hn::Div(y, hn::Add(y, Splat(d, 2.0)));
    const auto w = hn::Mul(u, u);
    auto sum = Splat(d, 1.0 / (2 * kTerms + 1));
    for (int k = kTerms - 1; k >= 1; --k)
        sum = hn::MulAdd(sum, w, Splat(d, 1.0 / (2 * k + 1)));
    const auto twoU = hn::Add(u, u);
    return hn::MulAdd(hn::Mul(twoU, w), sum, twoU);
}

// atan(w) for w ≥ 0 (+∞ included) as hi + lo: reduced to |v| ≤ tan(π/8) (1/w beyond 1, then (u − 1)/(u + 1)
// beyond tan(π/8)), where atan(v) = v + v³·P(v²), and carried as a pair through the additions of π/4 and π/2.
template<class D>
HWY_INLINE void AtanPositive(D d, hn::Vec<D> w, hn::Vec<D> &hi, hn::Vec<D> &lo) {
    using T = Lane<D>;
    // P: degree 5 for float (relative error 1.7e-9), 11 for double.
    constexpr std::array<float, 6> kFloatP{-0.333333332792548f,   0.19999977258688387f,
                                           -0.14284151193628614f, 0.11071365021884794f,
                                           -0.08624676145249494f, 0.050481385120797445f};
    constexpr std::array<double, 12> kDoubleP{
        -0.3333333333333333,  0.19999999999999804, -0.14285714285659828,  0.11111111105155447,
        -0.09090908753500877, 0.07692296375032143, -0.06666424885738255,  0.05878928997834775,
        -0.05230454270650244, 0.04551593220626549, -0.034570561981427744, 0.016285756855221028};
    const bool isFloat = sizeof(T) == 4;
    const auto one = Splat(d, 1.0);
    const auto big = hn::Gt(w, one);
    const auto u = hn::IfThenElse(big, hn::Div(one, w), w);
    const auto mid = hn::Gt(u, isFloat ? Splat(d, 0.4142135679721832f) : Splat(d, 0.41421356237309503));
    const auto v = hn::IfThenElse(mid, hn::Div(hn::Sub(u, one), hn::Add(u, one)), u);
    const auto v2 = hn::Mul(v, v);
    hn::Vec<D> p;
    if constexpr (sizeof(T) == 4)
        p = Horner(d, v2, kFloatP);
    else
        p = Horner(d, v2, kDoubleP);
    const auto a = hn::MulAdd(hn::Mul(v, v2), p, v);
    // + π/4 where reduced (Fast2Sum: |a| ≤ 0.4 < π/4), then π/2 − that where w > 1 (exact: the result is
    // within a factor 2 of π/2).
    const double pi4Hi = isFloat ? 0.7853981852531433 : 0.7853981633974483;
    const double pi4Lo = isFloat ? -2.1855694143368964e-08 : 3.061616997868383e-17;
    const double pi2Hi = isFloat ? 1.5707963705062866 : 1.5707963267948966;
    const double pi2Lo = isFloat ? -4.371138828673793e-08 : 6.123233995736766e-17;
    const auto baseHi = hn::IfThenElseZero(mid, Splat(d, pi4Hi));
    const auto baseLo = hn::IfThenElseZero(mid, Splat(d, pi4Lo));
    const auto sum = hn::Add(baseHi, a);
    const auto sumLo = hn::Add(hn::Add(hn::Sub(baseHi, sum), a), baseLo);
    hi = hn::IfThenElse(big, hn::Sub(Splat(d, pi2Hi), sum), sum);
    lo = hn::IfThenElse(big, hn::Sub(Splat(d, pi2Lo), sumLo), sumLo);
}

// Applies a kernel over the array one vector at a time; the last partial vector goes through a padded copy.
template<class D, class Kernel>
HWY_INLINE void Map(D d, const Lane<D> *x, Lane<D> *y, std::size_t n, Kernel kernel) {
    const std::size_t lanes = hn::Lanes(d);
    std::size_t i = 0;
    for (; i + lanes <= n; i += lanes)
        hn::StoreU(kernel(hn::LoadU(d, x + i)), d, y + i);
    if (i < n) {
        HWY_ALIGN Lane<D> buffer[HWY_MAX_BYTES / sizeof(Lane<D>)] = {};
        for (std::size_t k = 0; k < n - i; ++k)
            buffer[k] = x[i + k];
        hn::Store(kernel(hn::Load(d, buffer)), d, buffer);
        for (std::size_t k = 0; k < n - i; ++k)
            y[i + k] = buffer[k];
    }
}

// Map with a kernel that reads and writes kBlock vectors at a time (block(x, y)), the rest one at a time.
template<std::size_t kBlock, class D, class Block, class Kernel>
HWY_INLINE void MapBlocks(D d, const Lane<D> *x, Lane<D> *y, std::size_t n, Block block, Kernel kernel) {
    const std::size_t step = kBlock * hn::Lanes(d);
    std::size_t i = 0;
    for (; i + step <= n; i += step)
        block(x + i, y + i);
    Map(d, x + i, y + i, n - i, kernel);
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // include guard
