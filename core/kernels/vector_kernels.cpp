// The vector kernels (vector_kernels.h), one source for float and double, compiled by Highway once per SIMD
// target (foreach_target.h re-includes this file for each) and dispatched at run time to the best target the
// processor has, or the one GELULAB_SIMD forces (simd_target.h). The building blocks are in
// vector_math-inl.h, gelu and gelu_cauchy in gaussian-inl.h; docs/ARCHITECTURE.md ("Kernels") describes the
// methods.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "vector_kernels.cpp"
#include <hwy/foreach_target.h> // must come before highway.h

#include "gaussian-inl.h"
#include "vector_math-inl.h"

#include <hwy/cache_control.h>
#include <hwy/highway.h>

#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {

// The constants of the logistic family per lane type: where each gate is exactly 0 or 1 (so that the clamps
// keep n·ln2_hi exact), and the multipliers as pairs hi + lo.
template<typename T>
struct Gates;
template<>
struct Gates<float> {
    static constexpr double kTanhClamp = 12.0, kSigmoidClamp = 65.0, kSiluClamp = 110.0;
    static constexpr double kK1Hi = 1.5957691669464111, kK1Lo = -4.534068054340423e-08; // 2√(2/π)
    static constexpr double kK3Hi = 0.07135481387376785, kK3Lo = 2.3988324659995897e-09; // 2√(2/π)·0.044715
    static constexpr double k1702Hi = 1.7020000219345093, k1702Lo = -2.1934509319976314e-08;
};
template<>
struct Gates<double> {
    static constexpr double kTanhClamp = 22.0, kSigmoidClamp = 445.0, kSiluClamp = 750.0;
    static constexpr double kK1Hi = 1.5957691216057308, kK1Lo = -9.96930880911092e-17;
    static constexpr double kK3Hi = 0.07135481627260025, kK3Lo = -6.175149918155315e-19;
    static constexpr double k1702Hi = 1.702, k1702Lo = 4.263256414560601e-17;
};

// gelu_tanh: g = 2√(2/π)·(x + 0.044715·x³) as a pair g + glo (x³ and both products error-free, their sum by
// TwoSum), x clamped where the gate is exactly 0 or 1.
template<class D>
HWY_INLINE void TanhArgument(D d, hn::Vec<D> x, hn::Vec<D> &xc, hn::Vec<D> &g, hn::Vec<D> &glo) {
    using G = Gates<Lane<D>>;
    xc = ClampKeepNaN(d, x, -G::kTanhClamp, G::kTanhClamp);
    const auto x2 = hn::Mul(xc, xc);
    const auto x2lo = ProductError(d, xc, xc, x2);
    const auto x3 = hn::Mul(x2, xc);
    const auto x3lo = hn::MulAdd(x2lo, xc, ProductError(d, x2, xc, x3));
    hn::Vec<D> p1, p1lo, p3, p3lo;
    ScaledPair(d, xc, G::kK1Hi, G::kK1Lo, p1, p1lo);
    ScaledPair(d, x3, G::kK3Hi, G::kK3Lo, p3, p3lo);
    p3lo = hn::MulAdd(x3lo, Splat(d, G::kK3Hi), p3lo);
    g = hn::Add(p1, p3);
    const auto back = hn::Sub(g, p1);
    const auto sumError = hn::Add(hn::Sub(p1, hn::Sub(g, back)), hn::Sub(p3, back));
    glo = hn::Add(sumError, hn::Add(p1lo, p3lo));
}

template<class D>
HWY_INLINE hn::Vec<D> GeluTanh(D d, hn::Vec<D> x) {
    hn::Vec<D> xc, g, glo;
    TanhArgument(d, x, xc, g, glo);
    return LogisticGate(d, x, xc, g, glo, true);
}

// gelu_sigmoid: g = 1.702·x with 1.702 as a pair.
template<class D>
HWY_INLINE hn::Vec<D> GeluSigmoid(D d, hn::Vec<D> x) {
    using G = Gates<Lane<D>>;
    const auto xc = ClampKeepNaN(d, x, -G::kSigmoidClamp, G::kSigmoidClamp);
    hn::Vec<D> g, glo;
    ScaledPair(d, xc, G::k1702Hi, G::k1702Lo, g, glo);
    return LogisticGate(d, x, xc, g, glo, true);
}

// silu = x·σ(x) and sigmoid = σ(x): g = x.
template<class D>
HWY_INLINE hn::Vec<D> SiluOrSigmoid(D d, hn::Vec<D> x, bool timesX) {
    using G = Gates<Lane<D>>;
    const auto xc = ClampKeepNaN(d, x, -G::kSiluClamp, G::kSiluClamp);
    return LogisticGate(d, x, xc, xc, hn::Zero(d), timesX);
}

// Derivatives of the gates. σ′ = σ(x)σ(−x), σ″ = −σ(x)σ(−x)·tanh(x/2) (tanh(x/2) = σ(x) − σ(−x) cancels near
// 0, so it is evaluated as tanh). For z·σ(z) with z = kx: f′ = σ(z)(1 + z·σ(−z)), f″ = k·σ(z)σ(−z)(2 −
// z·tanh(z/2)). For gelu_tanh, with g′ = K₁ + 3K₃x² and g″ = 6K₃x: f′ = σ(g)(1 + x·g′·σ(−g)), f″ =
// σ(g)σ(−g)(2g′ + x·g″ − x·g′²·tanh(g/2)).
template<class D>
HWY_INLINE hn::Vec<D> SigmoidDerivative(D d, hn::Vec<D> x, int order) {
    hn::Vec<D> s, v;
    LogisticPair(d, x, hn::Zero(d), s, v);
    const auto sv = hn::Mul(s, v);
    if (order == 1) return sv;
    return hn::Mul(hn::Sub(hn::Zero(d), sv), Tanh(d, hn::Mul(x, Splat(d, 0.5)), 0));
}

template<class D>
HWY_INLINE hn::Vec<D> ScaledSiluDerivative(D d, hn::Vec<D> x, double kHi, double kLo, int order) {
    // x clamped first, so that z and its low part stay consistent (the gate is exactly 0 or 1 there).
    const double limit = (sizeof(Lane<D>) == 4 ? 110.0 : 760.0) / kHi;
    const auto xc = ClampKeepNaN(d, x, -limit, limit);
    hn::Vec<D> zc, zlo, s, v;
    ScaledPair(d, xc, kHi, kLo, zc, zlo);
    LogisticPair(d, zc, zlo, s, v);
    const auto one = Splat(d, 1.0);
    if (order == 1) return hn::Mul(s, hn::MulAdd(zc, v, one));
    const auto inner = hn::NegMulAdd(zc, Tanh(d, hn::Mul(zc, Splat(d, 0.5)), 0), Splat(d, 2.0));
    return hn::Mul(hn::Mul(Splat(d, kHi), hn::Mul(s, v)), inner);
}

template<class D>
HWY_INLINE hn::Vec<D> GeluTanhDerivative(D d, hn::Vec<D> x, int order) {
    using T = Lane<D>;
    using G = Gates<T>;
    hn::Vec<D> xc, g, glo;
    TanhArgument(d, x, xc, g, glo);
    const auto one = Splat(d, 1.0);
    const auto g1 = hn::MulAdd(hn::Mul(xc, xc), Splat(d, 3.0 * static_cast<T>(G::kK3Hi)), Splat(d, G::kK1Hi));
    if (order == 1) {
        // With E = e^(−|g|) = 2ⁿ(1 + q) and D = 1 + E: σ(g) = 1/D, σ(−g) = E/D for x ≥ 0, the other way round
        // for x < 0, so f′ = (1 + x·g′·E/D)/D or 2ⁿ·(1 + q)/D·(1 + x·g′/D): one division.
        const auto flip = SignFlip(d, g);
        hn::Vec<D> n, q;
        const auto gloFlipped = hn::Xor(glo, flip);
        ExpReduced(d, hn::Xor(g, flip), &gloFlipped, n, q);
        const auto e = MulPow2(d, hn::Add(q, one), hn::Max(n, Splat(d, LaneConstants<T>::kGateFloor)));
        const auto inverse = hn::Div(one, hn::Add(e, one));
        const auto xg1 = hn::Mul(xc, g1);
        const auto positive = hn::Mul(inverse, hn::MulAdd(hn::Mul(xg1, e), inverse, one));
        const auto negative =
            ScaleNoAssist(d, hn::Mul(hn::Mul(hn::Add(q, one), inverse), hn::MulAdd(xg1, inverse, one)), n);
        return hn::IfThenElse(hn::Ge(x, hn::Zero(d)), positive, negative); // NaN: NaN either way
    }
    hn::Vec<D> s, v;
    LogisticPair(d, g, glo, s, v);
    const auto g2 = hn::Mul(xc, Splat(d, 6.0 * static_cast<T>(G::kK3Hi)));
    const auto th = Tanh(d, hn::Mul(g, Splat(d, 0.5)), 0);
    const auto inner = hn::NegMulAdd(hn::Mul(xc, hn::Mul(g1, g1)), th, hn::MulAdd(xc, g2, hn::Add(g1, g1)));
    return hn::Mul(hn::Mul(s, v), inner);
}

// elu-like rows: x for x > 0, else scale·(e^(x/width) − 1); f′ = 1, else (scale/width)·e^(x/width). NaN
// passes (the comparison x > 0 fails and every step keeps the NaN).
template<class D>
HWY_INLINE hn::Vec<D> EluLike(D d, hn::Vec<D> x, Lane<D> scale, Lane<D> width, int order) {
    const auto z = hn::Div(AtMostKeepNaN(d, x, 0.0), hn::Set(d, width));
    const auto positive = hn::Gt(x, hn::Zero(d));
    if (order == 0) return hn::IfThenElse(positive, x, hn::Mul(hn::Set(d, scale), Expm1Negative(d, z)));
    return hn::IfThenElse(positive, Splat(d, 1.0), hn::Mul(hn::Set(d, scale / width), ExpNegative(d, z)));
}

// mish = x·t, t = tanh(softplus(x)) = s(1 + v)/(1 + v²) with s = σ(x), v = σ(−x); f′ = t + x·sech²·s with
// sech² = 1 − t² = 4v²/(1 + v²)²; f″ = sech²·s·(2 + x(v − 2ts)).
template<class D>
HWY_INLINE hn::Vec<D> Mish(D d, hn::Vec<D> x, int order) {
    using C = LaneConstants<Lane<D>>;
    hn::Vec<D> s, v;
    LogisticPair(d, x, hn::Zero(d), s, v);
    const auto one = Splat(d, 1.0);
    const auto xc = ClampKeepNaN(d, x, -C::kLogisticClamp, C::kLogisticClamp);
    const auto v2 = hn::MulAdd(v, v, one);
    const auto t = hn::Div(hn::Mul(s, hn::Add(v, one)), v2);
    if (order == 0) return hn::Mul(hn::IfThenElse(hn::Ge(x, hn::Zero(d)), x, xc), t); // NaN: NaN either way
    const auto sech2 = hn::Div(hn::Mul(Splat(d, 4.0), hn::Mul(v, v)), hn::Mul(v2, v2));
    if (order == 1) return hn::MulAdd(hn::Mul(xc, sech2), s, t);
    // v − 2ts = (−2 + 3v + 2v² − v³)/(1 + v²) (with s = 1 − v), from v alone and without cancellation; the
    // sum with 2 cancels towards the zero of f″ near x = 2.2, so it rounds once.
    const auto cubic = hn::MulAdd(hn::MulAdd(hn::Sub(Splat(d, 2.0), v), v, Splat(d, 3.0)), v, Splat(d, -2.0));
    const auto inner = CancellingNegMulAdd(d, xc, hn::Neg(hn::Div(cubic, v2)), Splat(d, 2.0));
    return hn::Mul(hn::Mul(sech2, s), inner);
}

// tanhshrink = x − tanh(x): the Taylor series for |x| < 0.6 (10 terms reach 1e-9 there in float, 26 reach
// 1e-20 in double), the difference beyond; f′ = tanh², f″ = 2·tanh·sech².
template<class D>
HWY_INLINE hn::Vec<D> Tanhshrink(D d, hn::Vec<D> x, int order) {
    constexpr int kTerms = LaneConstants<Lane<D>>::kTanhshrinkTerms;
    const auto t = Tanh(d, x, 0);
    if (order == 1) return hn::Mul(t, t);
    if (order == 2) return hn::Mul(hn::Mul(Splat(d, 2.0), t), Tanh(d, x, 1));
    const auto w = hn::Mul(x, x);
    auto sum = Splat(d, -kTanhCoefficients[2 * kTerms + 1]);
    for (int k = kTerms - 1; k >= 1; --k)
        sum = hn::MulAdd(sum, w, Splat(d, -kTanhCoefficients[static_cast<std::size_t>(2 * k + 1)]));
    const auto series = hn::Mul(hn::Mul(x, w), sum);
    const auto small = hn::Lt(hn::Abs(x), Splat(d, kTanhshrinkSeriesLimit));
    return hn::IfThenElse(small, series, hn::Sub(x, t));
}

// softplus (β, threshold): z = βx; log(1 + e^z)/β = max(z, 0)/β + log1p(e^(−|z|))/β, written x + L/β for z >
// 0; f′ = σ(z), f″ = β·σ(z)σ(−z); x itself (f′ = 1, f″ = 0) where z > threshold.
template<class D>
HWY_INLINE hn::Vec<D> Softplus(D d, hn::Vec<D> x, Lane<D> beta, Lane<D> limit, int order) {
    const auto z = hn::Mul(x, hn::Set(d, beta));
    hn::Vec<D> s, v;
    LogisticPair(d, z, hn::Zero(d), s, v);
    const auto linear = hn::Gt(z, hn::Set(d, limit));
    if (order == 1) return hn::IfThenElse(linear, Splat(d, 1.0), s);
    if (order == 2) return hn::IfThenZeroElse(linear, hn::Mul(hn::Set(d, beta), hn::Mul(s, v)));
    const auto e = hn::Div(hn::Min(s, v), hn::Max(s, v)); // e^(−|z|)
    const auto l = hn::Div(Log1pUnit(d, e), hn::Set(d, beta));
    const auto value = hn::IfThenElse(hn::Gt(z, hn::Zero(d)), hn::Add(x, l), l);
    return hn::IfThenElse(linear, x, value);
}

// logsigmoid = −softplus(−x): −L for x > 0, x − L otherwise, L = log1p(e^(−|x|)); f′ = σ(−x), f″ =
// −σ(x)σ(−x).
template<class D>
HWY_INLINE hn::Vec<D> Logsigmoid(D d, hn::Vec<D> x, int order) {
    hn::Vec<D> s, v;
    LogisticPair(d, x, hn::Zero(d), s, v);
    if (order == 1) return v;
    if (order == 2) return hn::Sub(hn::Zero(d), hn::Mul(s, v));
    const auto l = Log1pUnit(d, hn::Div(hn::Min(s, v), hn::Max(s, v)));
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), hn::Sub(hn::Zero(d), l), hn::Sub(x, l));
}

// relu = x where !(x ≤ 0), else +0 (NaN kept, relu(−0) = +0); f′ = 1 where x > 0, 0 where x ≤ 0, NaN for NaN.
template<class D>
HWY_INLINE hn::Vec<D> Relu(D d, hn::Vec<D> x, int order) {
    const auto kept = hn::IfThenElseZero(hn::Not(hn::Le(x, hn::Zero(d))), x);
    if (order == 0) return kept;
    return hn::IfThenElse(hn::Gt(x, hn::Zero(d)), Splat(d, 1.0), kept);
}

// The entry points, one pair (float, double) per kernel and target: each declines the orders above its
// maximum. Flattened, so that the lambdas handed to Map are inlined into its loop with the constants kept in
// registers.
#define GELULAB_TARGET_KERNEL(Name, maxOrder, ...)                                                           \
    template<typename T>                                                                                     \
    HWY_FLATTEN bool Name##Lanes(const T *x, T *y, std::size_t n, int order,                                 \
                                 [[maybe_unused]] const double *params) {                                    \
        if (order < 0 || order > (maxOrder)) return false;                                                   \
        [[maybe_unused]] const hn::ScalableTag<T> d;                                                         \
        using V = hn::Vec<hn::ScalableTag<T>>;                                                               \
        __VA_ARGS__                                                                                          \
        return true;                                                                                         \
    }                                                                                                        \
    bool Name##Float(const float *x, float *y, std::size_t n, int order, const double *params) {             \
        return Name##Lanes(x, y, n, order, params);                                                          \
    }                                                                                                        \
    bool Name##Double(const double *x, double *y, std::size_t n, int order, const double *params) {          \
        return Name##Lanes(x, y, n, order, params);                                                          \
    }

GELULAB_TARGET_KERNEL(Gelu, 1, {
    if (order == 1)
        Map(d, x, y, n, [d](V v) { return GeluDerivative(d, v); });
    else if constexpr (sizeof(T) == 4)
        MapBlocks<4>(
            d, x, y, n, [d](const T *in, T *out) { GeluByPiecesBlock<4>(d, in, out); },
            [d](V v) { return GeluByPieces(d, v); });
    else
        Map(d, x, y, n, [d](V v) { return Gelu(d, v); });
})
GELULAB_TARGET_KERNEL(GeluTanh, 2, {
    if (order == 0)
        Map(d, x, y, n, [d](V v) { return GeluTanh(d, v); });
    else
        Map(d, x, y, n, [d, order](V v) { return GeluTanhDerivative(d, v, order); });
})
GELULAB_TARGET_KERNEL(GeluSigmoid, 2, {
    using G = Gates<T>;
    if (order == 0)
        Map(d, x, y, n, [d](V v) { return GeluSigmoid(d, v); });
    else
        Map(d, x, y, n,
            [d, order](V v) { return ScaledSiluDerivative(d, v, G::k1702Hi, G::k1702Lo, order); });
})
GELULAB_TARGET_KERNEL(GeluCauchy, 2, Map(d, x, y, n, [d, order](V v) { return GeluCauchy(d, v, order); });)
GELULAB_TARGET_KERNEL(Silu, 2, {
    if (order == 0)
        Map(d, x, y, n, [d](V v) { return SiluOrSigmoid(d, v, true); });
    else
        Map(d, x, y, n, [d, order](V v) { return ScaledSiluDerivative(d, v, 1.0, 0.0, order); });
})
GELULAB_TARGET_KERNEL(Sigmoid, 2, {
    if (order == 0)
        Map(d, x, y, n, [d](V v) { return SiluOrSigmoid(d, v, false); });
    else
        Map(d, x, y, n, [d, order](V v) { return SigmoidDerivative(d, v, order); });
})
GELULAB_TARGET_KERNEL(Elu, 1, {
    const T alpha = static_cast<T>(params[0]);
    Map(d, x, y, n, [d, alpha, order](V v) { return EluLike(d, v, alpha, T(1), order); });
})
GELULAB_TARGET_KERNEL(Celu, 1, {
    const T alpha = static_cast<T>(params[0]);
    Map(d, x, y, n, [d, alpha, order](V v) { return EluLike(d, v, alpha, alpha, order); });
})
GELULAB_TARGET_KERNEL(Selu, 1, {
    constexpr double kLambda = 1.0507009873554804934, kAlpha = 1.6732632423543772848;
    Map(d, x, y, n, [d, order](V v) {
        return hn::Mul(Splat(d, kLambda), EluLike(d, v, static_cast<T>(kAlpha), T(1), order));
    });
})
GELULAB_TARGET_KERNEL(HyperbolicTangent, 2, Map(d, x, y, n, [d, order](V v) { return Tanh(d, v, order); });)
GELULAB_TARGET_KERNEL(Mish, 2, Map(d, x, y, n, [d, order](V v) { return Mish(d, v, order); });)
GELULAB_TARGET_KERNEL(Tanhshrink, 2, Map(d, x, y, n, [d, order](V v) { return Tanhshrink(d, v, order); });)
GELULAB_TARGET_KERNEL(Logsigmoid, 2, Map(d, x, y, n, [d, order](V v) { return Logsigmoid(d, v, order); });)
GELULAB_TARGET_KERNEL(Softplus, 2, {
    const T beta = static_cast<T>(params[0]), limit = static_cast<T>(params[1]);
    Map(d, x, y, n, [d, beta, limit, order](V v) { return Softplus(d, v, beta, limit, order); });
})
GELULAB_TARGET_KERNEL(Relu, 1, {
    // Large arrays are memory-bound: once the output is aligned, streaming stores skip reading the
    // destination into the cache first (where the target has them; elsewhere they are plain stores).
    const std::size_t lanes = hn::Lanes(d);
    if (n >= (std::size_t{1} << 18)) {
        std::size_t i = 0;
        const std::size_t alignment = lanes * sizeof(T);
        while (i < n && reinterpret_cast<std::uintptr_t>(y + i) % alignment != 0) {
            const T v = x[i];
            y[i] = !(v <= T(0)) ? (order == 0 || v != v ? v : T(1)) : T(0);
            ++i;
        }
        for (; i + lanes <= n; i += lanes)
            hn::Stream(Relu(d, hn::LoadU(d, x + i), order), d, y + i);
        hwy::FlushStream();
        Map(d, x + i, y + i, n - i, [d, order](V v) { return Relu(d, v, order); });
    } else {
        Map(d, x, y, n, [d, order](V v) { return Relu(d, v, order); });
    }
})
#undef GELULAB_TARGET_KERNEL

void GaussianBellDouble(const double *x, double *y, std::size_t n) {
    const hn::ScalableTag<double> d;
    Map(d, x, y, n,
        [d](hn::Vec<decltype(d)> v) { return ExpNegative(d, hn::Mul(hn::Mul(v, v), Splat(d, -0.5))); });
}

// The target this table entry was compiled for, to name what the dispatch chose.
std::int64_t CompiledTarget() {
    return HWY_TARGET;
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd_target.h"
#include "vector_kernels.h"

namespace gelulab::kernels {

HWY_EXPORT(CompiledTarget);

std::int64_t dispatchedTarget() {
    return HWY_DYNAMIC_DISPATCH(CompiledTarget)();
}

#define GELULAB_DISPATCH(name, Name)                                                                         \
    HWY_EXPORT(Name##Float);                                                                                 \
    HWY_EXPORT(Name##Double);                                                                                \
    bool name(const float *x, float *y, std::size_t n, int order, const double *params) {                    \
        simd::applyEnvironmentOnce();                                                                        \
        return HWY_DYNAMIC_DISPATCH(Name##Float)(x, y, n, order, params);                                    \
    }                                                                                                        \
    bool name(const double *x, double *y, std::size_t n, int order, const double *params) {                  \
        simd::applyEnvironmentOnce();                                                                        \
        return HWY_DYNAMIC_DISPATCH(Name##Double)(x, y, n, order, params);                                   \
    }

GELULAB_DISPATCH(gelu, Gelu)
GELULAB_DISPATCH(geluTanh, GeluTanh)
GELULAB_DISPATCH(geluSigmoid, GeluSigmoid)
GELULAB_DISPATCH(geluCauchy, GeluCauchy)
GELULAB_DISPATCH(silu, Silu)
GELULAB_DISPATCH(sigmoid, Sigmoid)
GELULAB_DISPATCH(elu, Elu)
GELULAB_DISPATCH(celu, Celu)
GELULAB_DISPATCH(selu, Selu)
GELULAB_DISPATCH(hyperbolicTangent, HyperbolicTangent)
GELULAB_DISPATCH(mish, Mish)
GELULAB_DISPATCH(tanhshrink, Tanhshrink)
GELULAB_DISPATCH(softplus, Softplus)
GELULAB_DISPATCH(logsigmoid, Logsigmoid)
GELULAB_DISPATCH(relu, Relu)
#undef GELULAB_DISPATCH

HWY_EXPORT(GaussianBellDouble);

void gaussianBell(const double *x, double *y, std::size_t n) {
    simd::applyEnvironmentOnce();
    HWY_DYNAMIC_DISPATCH(GaussianBellDouble)(x, y, n);
}

bool geluGeneral(const float *x, float *y, std::size_t n, int order, const double *params) {
    return params[0] == 0.0 && params[1] == 1.0 && gelu(x, y, n, order, params);
}

bool geluGeneral(const double *x, double *y, std::size_t n, int order, const double *params) {
    return params[0] == 0.0 && params[1] == 1.0 && gelu(x, y, n, order, params);
}

} // namespace gelulab::kernels
#endif // HWY_ONCE
