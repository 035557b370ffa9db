// Normal variates from Philox4x32-10 and Box–Muller (normal_kernels.h), compiled by Highway once per SIMD
// target and dispatched at run time like the other kernels (docs/ARCHITECTURE.md, "Kernels"). A block's
// counter sits in a 64-bit lane of each of four vectors (its words in their low halves, so that one MulEven
// gives a whole 32×32 → 64-bit product), two units of a vector's worth of blocks at a time, their Philox
// rounds interleaved. Its floating-point steps are the same IEEE operations, in the same order, as normalAt's
// scalar code below: no fused multiply-adds, so every target gives the same bits (Highway's plain scalar
// target calls normalAt itself).
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "normal_kernels.cpp"
#include <hwy/foreach_target.h> // must come before highway.h

#include <hwy/highway.h>

#include "normal_kernels.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <numbers>

#ifndef GELULAB_NORMAL_KERNELS_CONSTANTS
#define GELULAB_NORMAL_KERNELS_CONSTANTS
namespace gelulab::kernels::normals {

// Philox4x32's multipliers and its key schedule's Weyl increments (Random123).
inline constexpr std::uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;
inline constexpr int kRounds = 10;

// Normals come in groups of 64: 16 blocks of 4 words (normal_kernels.h).
inline constexpr std::size_t kGroup = 64, kBlocksPerGroup = 16;

// u = (⌊x / 2⁸⌋ + 1)·2⁻²⁴.
inline constexpr int kUnitExponent = 24;
// musl's logf (after FreeBSD's e_logf.c): the fit R to ln(1 + f)/s − 2, s = f / (2 + f), in powers of s².
inline constexpr float kLn2 = float(std::numbers::ln2);
inline constexpr float kLg1 = 0.66666662693f, kLg2 = 0.40000972152f, kLg3 = 0.28498786688f,
                       kLg4 = 0.24279078841f;
// φ = t·kAngleStep + kAngleStart = (t + ½)·(π/2)·2⁻²⁴ − π/4 for the 24 bits t under the quadrant's two.
inline constexpr float kAngleStep = float(std::numbers::pi / 2 * 0x1.0p-24);
inline constexpr float kAngleStart = float(0.5 * (std::numbers::pi / 2) * 0x1.0p-24 - std::numbers::pi / 4);
// Cephes' sinf and cosf polynomials on [−π/4, π/4].
inline constexpr float kS1 = -1.6666654611e-1f, kS2 = 8.3321608736e-3f, kS3 = -1.9515295891e-4f;
inline constexpr float kC1 = 4.166664568298827e-2f, kC2 = -1.388731625493765e-3f, kC3 = 2.443315711809948e-5f;

} // namespace gelulab::kernels::normals
#endif

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

// m·x of the low word of every 64-bit lane, as 64 bits: the high word is hi, the low word lo (the lane
// itself, whose high word is then not a word of the block but is never read: MulEven reads low words only,
// and so does the final ConcatEven).
template<class D64>
HWY_INLINE hn::Vec<D64> MulWide(D64 d64, std::uint32_t m, hn::Vec<D64> x) {
    const hn::Repartition<std::uint32_t, D64> d32;
    return hn::MulEven(hn::BitCast(d32, x), hn::Set(d32, m));
}

// Two normals per lane from the words x (the radius) and y (the angle), scaled by sd: r·cos θ and r·sin θ.
// Every operation matches normalAt's; minusTwoVariance is −2·sd·sd.
template<class D>
HWY_INLINE void BoxMuller(D d, hn::Vec<hn::RebindToUnsigned<D>> x, hn::Vec<hn::RebindToUnsigned<D>> y,
                          hn::Vec<D> minusTwoVariance, hn::Vec<D> &cosPart, hn::Vec<D> &sinPart) {
    using namespace normals;
    const hn::RebindToUnsigned<D> du;
    const hn::RebindToSigned<D> di;
    const auto one = hn::Set(d, 1.0f);

    // ln u, u = v·2⁻²⁴ in [2⁻²⁴, 1], v = ⌊x / 2⁸⌋ + 1: v = 2^k·m with m in [√½, √2), and ln u = (k − 24)·ln 2
    // + ln m, ln m = 2·atanh(s) = s·(2 + R(s²)) with s = (m − 1)/(m + 1) and musl's logf polynomial R,
    // without the correction that makes logf's last bit right: within 2.5 ulp over all 2²⁴ values of v. (The
    // sine and cosine below are within 1 ulp of those of the float φ.)
    const auto v = hn::Add(hn::ConvertTo(d, hn::BitCast(di, hn::ShiftRight<8>(x))), one);
    auto ix = hn::Add(hn::BitCast(du, v), hn::Set(du, 0x3F800000u - 0x3F3504F3u));
    const auto k = hn::Sub(hn::BitCast(di, hn::ShiftRight<23>(ix)), hn::Set(di, 0x7F + kUnitExponent));
    ix = hn::Add(hn::And(ix, hn::Set(du, 0x007FFFFFu)), hn::Set(du, 0x3F3504F3u));
    const auto f = hn::Sub(hn::BitCast(d, ix), one);
    const auto s = hn::Div(f, hn::Add(hn::Set(d, 2.0f), f));
    const auto z = hn::Mul(s, s);
    const auto w = hn::Mul(z, z);
    const auto t1 = hn::Mul(w, hn::Add(hn::Set(d, kLg2), hn::Mul(w, hn::Set(d, kLg4))));
    const auto t2 = hn::Mul(z, hn::Add(hn::Set(d, kLg1), hn::Mul(w, hn::Set(d, kLg3))));
    const auto r = hn::Add(t2, t1);
    const auto ln =
        hn::Add(hn::Mul(hn::ConvertTo(d, k), hn::Set(d, kLn2)), hn::Mul(s, hn::Add(hn::Set(d, 2.0f), r)));
    const auto radius = hn::Sqrt(hn::Mul(ln, minusTwoVariance)); // sd·√(−2 ln u)

    // cos φ and sin φ on [−π/4, π/4], then turned by the quadrant q (the top two bits of y): q = 1 gives
    // (−sin φ, cos φ), q = 2 (−cos φ, −sin φ), q = 3 (sin φ, −cos φ).
    const auto t = hn::ConvertTo(d, hn::BitCast(di, hn::And(hn::ShiftRight<6>(y), hn::Set(du, 0xFFFFFFu))));
    const auto phi = hn::Add(hn::Mul(t, hn::Set(d, kAngleStep)), hn::Set(d, kAngleStart));
    const auto p2 = hn::Mul(phi, phi);
    const auto sinPoly = hn::Add(hn::Mul(hn::Set(d, kS3), p2), hn::Set(d, kS2)); // then ·p2 + S1, ·p2·φ + φ
    const auto sinPhi =
        hn::Add(hn::Mul(hn::Mul(hn::Add(hn::Mul(sinPoly, p2), hn::Set(d, kS1)), p2), phi), phi);
    const auto cosPoly = hn::Add(hn::Mul(hn::Set(d, kC3), p2), hn::Set(d, kC2));
    const auto cosPhi =
        hn::Add(hn::Sub(hn::Mul(hn::Mul(hn::Add(hn::Mul(cosPoly, p2), hn::Set(d, kC1)), p2), p2),
                        hn::Mul(hn::Set(d, 0.5f), p2)),
                one);
    const auto swap = hn::RebindMask(d, hn::TestBit(y, hn::Set(du, 0x40000000u)));
    const auto signBit = hn::Set(du, 0x80000000u);
    const auto cosSign = hn::BitCast(d, hn::And(hn::Xor(y, hn::ShiftLeft<1>(y)), signBit));
    const auto sinSign = hn::BitCast(d, hn::And(y, signBit));
    cosPart = hn::Mul(radius, hn::Xor(hn::IfThenElse(swap, sinPhi, cosPhi), cosSign));
    sinPart = hn::Mul(radius, hn::Xor(hn::IfThenElse(swap, cosPhi, sinPhi), sinSign));
}

// The words of kUnits·Lanes(d) consecutive blocks from block `first` (a multiple of the lanes) into `words`,
// a unit's four words (x0, x1, x2, x3) as four vectors one after the other. The units' Philox rounds are
// interleaved: one unit's chain of dependent multiplications leaves most of the processor idle.
template<int kUnits, class D>
HWY_INLINE void PhiloxUnits(D d, const std::uint32_t (&roundKeys)[normals::kRounds][2], std::uint64_t first,
                            std::uint64_t counter, std::uint32_t *HWY_RESTRICT words) {
    using namespace normals;
    const hn::RebindToUnsigned<D> du;
    const hn::Repartition<std::uint64_t, decltype(du)> d64;
    using V64 = hn::Vec<decltype(d64)>;
    const std::size_t lanes = hn::Lanes(d), half = lanes / 2;
    // A unit's blocks, a block in every 64-bit lane of two vectors (a: the first half, b: the second), its
    // words in their low halves. The counter's words 1, 2 and 3 are the same in every lane, so the first two
    // rounds are half scalar: round 0 multiplies word 2, and round 1 word 0, of the same value everywhere.
    V64 x0a[kUnits], x0b[kUnits], x1a[kUnits], x1b[kUnits], x2a[kUnits], x2b[kUnits], x3a[kUnits],
        x3b[kUnits];
    const std::uint64_t c2 = std::uint64_t(kM1) * std::uint32_t(counter);
    const auto c3 = hn::Set(d64, std::uint64_t(std::uint32_t(counter >> 32) ^ roundKeys[0][1]));
    for (int u = 0; u < kUnits; ++u) {
        const std::uint64_t block = first + std::uint64_t(u) * lanes;
        const std::uint32_t s0 = std::uint32_t(c2 >> 32) ^ std::uint32_t(block >> 32) ^ roundKeys[0][0];
        const std::uint32_t s1 = std::uint32_t(c2);
        const auto b0a = hn::Add(hn::Iota(d64, 0), hn::Set(d64, std::uint64_t(std::uint32_t(block))));
        const auto b0b = hn::Add(b0a, hn::Set(d64, std::uint64_t(half)));
        // After round 0: x0 = s0, x1 = s1, x2 = hi(p0) ^ c3 ^ k1, x3 = p0.
        const auto p0a = MulWide(d64, kM0, b0a), p0b = MulWide(d64, kM0, b0b);
        // Round 1: x0 = s0 everywhere.
        const std::uint64_t q0 = std::uint64_t(kM0) * s0;
        const auto p1a = MulWide(d64, kM1, hn::Xor(hn::ShiftRight<32>(p0a), c3));
        const auto p1b = MulWide(d64, kM1, hn::Xor(hn::ShiftRight<32>(p0b), c3));
        const auto k10 = hn::Set(d64, std::uint64_t(s1 ^ roundKeys[1][0]));
        const auto k11 = hn::Set(d64, std::uint64_t(std::uint32_t(q0 >> 32) ^ roundKeys[1][1]));
        x0a[u] = hn::Xor(hn::ShiftRight<32>(p1a), k10);
        x0b[u] = hn::Xor(hn::ShiftRight<32>(p1b), k10);
        x1a[u] = p1a;
        x1b[u] = p1b;
        x2a[u] = hn::Xor(p0a, k11);
        x2b[u] = hn::Xor(p0b, k11);
        x3a[u] = x3b[u] = hn::Set(d64, std::uint64_t(std::uint32_t(q0)));
    }
    for (int round = 2; round < kRounds; ++round) {
        const auto k0 = hn::Set(d64, std::uint64_t(roundKeys[round][0]));
        const auto k1 = hn::Set(d64, std::uint64_t(roundKeys[round][1]));
        for (int u = 0; u < kUnits; ++u) {
            const auto pa = MulWide(d64, kM0, x0a[u]), pb = MulWide(d64, kM0, x0b[u]);
            const auto qa = MulWide(d64, kM1, x2a[u]), qb = MulWide(d64, kM1, x2b[u]);
            x0a[u] = hn::Xor(hn::Xor(hn::ShiftRight<32>(qa), x1a[u]), k0);
            x0b[u] = hn::Xor(hn::Xor(hn::ShiftRight<32>(qb), x1b[u]), k0);
            x1a[u] = qa;
            x1b[u] = qb;
            x2a[u] = hn::Xor(hn::Xor(hn::ShiftRight<32>(pa), x3a[u]), k1);
            x2b[u] = hn::Xor(hn::Xor(hn::ShiftRight<32>(pb), x3b[u]), k1);
            x3a[u] = pa;
            x3b[u] = pb;
        }
    }
    for (int u = 0; u < kUnits; ++u) {
        // The low words of a and b side by side: the unit's blocks in order.
        std::uint32_t *unit = words + std::size_t(u) * 4 * lanes;
        hn::Store(hn::ConcatEven(du, hn::BitCast(du, x0b[u]), hn::BitCast(du, x0a[u])), du, unit);
        hn::Store(hn::ConcatEven(du, hn::BitCast(du, x1b[u]), hn::BitCast(du, x1a[u])), du, unit + lanes);
        hn::Store(hn::ConcatEven(du, hn::BitCast(du, x2b[u]), hn::BitCast(du, x2a[u])), du, unit + 2 * lanes);
        hn::Store(hn::ConcatEven(du, hn::BitCast(du, x3b[u]), hn::BitCast(du, x3a[u])), du, unit + 3 * lanes);
    }
}

// The 64·kGroups normals of groups g … g + kGroups − 1 of the stream into dst: first every block's words
// (Philox, two units at a time), then every unit's normals (Box–Muller) from them. In two passes, each a loop
// of independent steps, the processor overlaps the long latencies of one step (the multiplications of
// Philox; the division and square root of Box–Muller) with the next; one pass doing both per unit kept
// them in sequence.
template<std::size_t kGroups, class D>
HWY_INLINE void NormalGroups(D d, const std::uint32_t (&roundKeys)[normals::kRounds][2], std::uint64_t group,
                             std::uint64_t counter, hn::Vec<D> minusTwoVariance, float *HWY_RESTRICT dst) {
    using namespace normals;
    const hn::RebindToUnsigned<D> du;
    const std::size_t lanes = hn::Lanes(d), units = kGroups * kBlocksPerGroup / lanes;
    const std::uint64_t first = group * kBlocksPerGroup;
    HWY_ALIGN std::uint32_t words[kGroups * kGroup];
    std::size_t u = 0;
    for (; u + 2 <= units; u += 2)
        PhiloxUnits<2>(d, roundKeys, first + u * lanes, counter, words + u * 4 * lanes);
    if (u < units) PhiloxUnits<1>(d, roundKeys, first + u * lanes, counter, words + u * 4 * lanes);
    for (u = 0; u < units; ++u) {
        const std::uint32_t *unit = words + u * 4 * lanes;
        hn::Vec<D> z0, z1, z2, z3;
        BoxMuller(d, hn::Load(du, unit), hn::Load(du, unit + lanes), minusTwoVariance, z0, z1);
        BoxMuller(d, hn::Load(du, unit + 2 * lanes), hn::Load(du, unit + 3 * lanes), minusTwoVariance, z2,
                  z3);
        // A unit's blocks lie in one group (at most 16 lanes), a block's four normals 16 apart in it.
        float *out = dst + u * lanes / kBlocksPerGroup * kGroup + u * lanes % kBlocksPerGroup;
        hn::StoreU(z0, d, out);
        hn::StoreU(z1, d, out + kBlocksPerGroup);
        hn::StoreU(z2, d, out + 2 * kBlocksPerGroup);
        hn::StoreU(z3, d, out + 3 * kBlocksPerGroup);
    }
}

#endif // HWY_TARGET != HWY_SCALAR

void FillNormalsTarget(float *out, std::size_t n, std::uint64_t key, std::uint64_t counter, float sd,
                       std::uint64_t first) {
#if HWY_TARGET == HWY_SCALAR
    for (std::size_t k = 0; k < n; ++k)
        out[k] = normalAt(key, counter, first + k, sd);
#else
    using namespace normals;
    // At most 16 lanes: a vector's blocks then lie in one group.
    const hn::CappedTag<float, kBlocksPerGroup> d;
    std::uint32_t roundKeys[kRounds][2];
    for (int round = 0; round < kRounds; ++round) {
        roundKeys[round][0] = std::uint32_t(key) + std::uint32_t(round) * kW0;
        roundKeys[round][1] = std::uint32_t(key >> 32) + std::uint32_t(round) * kW1;
    }
    const auto minusTwoVariance = hn::Set(d, -2.0f * sd * sd);
    HWY_ALIGN float part[kGroup];
    std::size_t k = 0;
    while (k < n) {
        const std::uint64_t p = first + k;
        const std::size_t offset = std::size_t(p % kGroup);
        if (offset == 0 && n - k >= 8 * kGroup) {
            NormalGroups<8>(d, roundKeys, p / kGroup, counter, minusTwoVariance, out + k);
            k += 8 * kGroup;
            continue;
        }
        if (offset == 0 && n - k >= 2 * kGroup) {
            NormalGroups<2>(d, roundKeys, p / kGroup, counter, minusTwoVariance, out + k);
            k += 2 * kGroup;
            continue;
        }
        if (offset == 0 && n - k >= kGroup) {
            NormalGroups<1>(d, roundKeys, p / kGroup, counter, minusTwoVariance, out + k);
            k += kGroup;
            continue;
        }
        // A group's head or tail: drawn whole, the part asked for copied.
        NormalGroups<1>(d, roundKeys, p / kGroup, counter, minusTwoVariance, part);
        const std::size_t take = std::min(kGroup - offset, n - k);
        std::copy_n(part + offset, take, out + k);
        k += take;
    }
#endif
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd_target.h"

#include <cmath>

namespace gelulab::kernels {

std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> c, std::array<std::uint32_t, 2> key) {
    for (int round = 0; round < normals::kRounds; ++round) {
        const std::uint64_t p0 = std::uint64_t(normals::kM0) * c[0], p1 = std::uint64_t(normals::kM1) * c[2];
        c = {std::uint32_t(p1 >> 32) ^ c[1] ^ key[0], std::uint32_t(p1),
             std::uint32_t(p0 >> 32) ^ c[3] ^ key[1], std::uint32_t(p0)};
        key[0] += normals::kW0;
        key[1] += normals::kW1;
    }
    return c;
}

float normalAt(std::uint64_t key, std::uint64_t counter, std::uint64_t index, float sd) {
    using namespace normals;
    const std::uint64_t block = index / kGroup * kBlocksPerGroup + index % kBlocksPerGroup;
    const std::size_t word = std::size_t(index / kBlocksPerGroup % 4);
    const std::array<std::uint32_t, 4> words =
        philox4x32({std::uint32_t(block), std::uint32_t(block >> 32), std::uint32_t(counter),
                    std::uint32_t(counter >> 32)},
                   {std::uint32_t(key), std::uint32_t(key >> 32)});
    const std::uint32_t x = words[word & 2], y = words[(word & 2) + 1];

    // The steps of BoxMuller above, one lane.
    const float v = float(std::int32_t(x >> 8)) + 1.0f;
    std::uint32_t ix = std::bit_cast<std::uint32_t>(v) + (0x3F800000u - 0x3F3504F3u);
    const std::int32_t k = std::int32_t(ix >> 23) - (0x7F + kUnitExponent);
    ix = (ix & 0x007FFFFFu) + 0x3F3504F3u;
    const float f = std::bit_cast<float>(ix) - 1.0f;
    const float s = f / (2.0f + f);
    const float z = s * s, w = z * z;
    const float t1 = w * (kLg2 + w * kLg4), t2 = z * (kLg1 + w * kLg3);
    const float r = t2 + t1;
    const float ln = float(k) * kLn2 + s * (2.0f + r);
    const float radius = std::sqrt(ln * (-2.0f * sd * sd));

    const float t = float(std::int32_t((y >> 6) & 0xFFFFFFu));
    const float phi = t * kAngleStep + kAngleStart;
    const float p2 = phi * phi;
    const float sinPhi = ((kS3 * p2 + kS2) * p2 + kS1) * p2 * phi + phi;
    const float cosPhi = ((kC3 * p2 + kC2) * p2 + kC1) * p2 * p2 - 0.5f * p2 + 1.0f;
    const bool swap = (y & 0x40000000u) != 0;
    const float cosTheta = (swap ? sinPhi : cosPhi), sinTheta = (swap ? cosPhi : sinPhi);
    const std::uint32_t cosSign = (y ^ (y << 1)) & 0x80000000u, sinSign = y & 0x80000000u;
    const float value = (word & 1) == 0
                            ? std::bit_cast<float>(std::bit_cast<std::uint32_t>(cosTheta) ^ cosSign)
                            : std::bit_cast<float>(std::bit_cast<std::uint32_t>(sinTheta) ^ sinSign);
    return radius * value;
}

HWY_EXPORT(FillNormalsTarget);

void fillNormals(std::span<float> out, std::uint64_t key, std::uint64_t counter, float standardDeviation,
                 std::uint64_t first) {
    simd::applyEnvironmentOnce();
    HWY_DYNAMIC_DISPATCH(FillNormalsTarget)(out.data(), out.size(), key, counter, standardDeviation, first);
}

} // namespace gelulab::kernels
#endif // HWY_ONCE
