#pragma once
// Normal variates in float from a counter-based generator, computed in SIMD lanes and dispatched at run time
// like the other kernels (simd_target.h; docs/ARCHITECTURE.md, "Kernels" and "random"). A stream is named by
// a 64-bit key and a 64-bit counter, and normal number p of a stream is a pure function of (key, counter, p):
// any part of any stream can be drawn on its own, in any order, on any thread. The simulated deep network
// (depth_network.h) draws row i of layer l's weights as the stream (a key of the seed and l, i), twice,
// instead of keeping the weights.
//
// The bits: Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
// SC 2011), a keyed bijection of 128-bit counters. Its authors found it Crush-resistant (TestU01's
// SmallCrush, Crush and BigCrush passed over many keys and counter patterns) from 7 rounds; 10, their default
// and cuRAND's, keep a margin. (tst_normalkernels checks the words against Random123's known answers and
// the normals' distribution and correlations; it does not run BigCrush.) Block b of the stream (key,
// counter) is Philox of the counter words (b mod 2³², b div 2³², counter mod 2³², counter div 2³²) under
// the key words (key mod 2³², key div 2³²).
//
// The normals: Box–Muller, each pair of words (x, y) of a block giving two, r·cos θ and r·sin θ with
//   r = √(−2 ln u), u = (⌊x / 2⁸⌋ + 1)·2⁻²⁴ in [2⁻²⁴, 1] (exact in float), so |z| ≤ √(48 ln 2) = 5.77: the
//     normal's tails beyond 5.77 (a mass of 8·10⁻⁹) are cut off;
//   θ = q·π/2 + φ, q the top 2 bits of y and φ = (t + ½)·(π/2)·2⁻²⁴ − π/4 from its next 24 bits t: the
//     quadrant is exact, and cos φ, sin φ come from short polynomials on [−π/4, π/4] (Cephes' sinf and cosf)
//     with no argument reduction; ln u from musl's logf polynomial (within 2.5 ulp).
// Each normal is within 2⁻²¹·r of that transform of its words done exactly (tests/tst_normalkernels.cpp).
// Normal p of a stream is, with g = ⌊p / 64⌋, w = ⌊p / 16⌋ mod 4 and i = p mod 16, from block 16·g + i: its
// words 0 and 1 give w = 0 (r·cos θ) and w = 1 (r·sin θ), words 2 and 3 give w = 2 and w = 3. So 64
// consecutive normals are 16 blocks side by side, whatever the vector width.
//
// Every step is one IEEE operation (+, −, ×, ÷, √, exact conversions, integer and bit operations), never a
// fused multiply-add, and the project compiles with -ffp-contract=off: every SIMD target, and normalAt's
// plain scalar code, give the same floats bit for bit (tests/tst_normalkernels.cpp holds them to it).

#include <array>
#include <cstdint>
#include <span>

namespace gelulab::kernels {

// One block of Philox4x32-10: the 4 words of (counter, key), as in Random123's reference code.
std::array<std::uint32_t, 4> philox4x32(std::array<std::uint32_t, 4> counter,
                                        std::array<std::uint32_t, 2> key);

// out[k] = standardDeviation × normal number first + k of the stream (key, counter), for every k, computed as
// √(−2·sd²·ln u)·cos θ (standardDeviation ≥ 0). The same numbers whether a stream is drawn in one span or in
// pieces.
void fillNormals(std::span<float> out, std::uint64_t key, std::uint64_t counter,
                 float standardDeviation = 1.0f, std::uint64_t first = 0);

// standardDeviation × normal number `index` of the stream (key, counter), in plain scalar code, one at a
// time: the reference fillNormals is held to.
float normalAt(std::uint64_t key, std::uint64_t counter, std::uint64_t index, float standardDeviation = 1.0f);

} // namespace gelulab::kernels
