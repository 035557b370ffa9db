// The network's matrix products (matrix_products.h), one source for float and double compiled by Highway for
// every SIMD target and dispatched at run time, like the activation kernels (docs/ARCHITECTURE.md,
// "Kernels"). Two shapes of inner loop serve the three products:
//   - rows of B scaled and summed (C = A·B and C = Aᵀ·B): a block of R rows of C times two vectors of columns
//     stays in registers while p runs over k, each step one broadcast of A(i, p) and one fma per accumulator;
//   - dot products along rows (C = A·Bᵀ, the gradient's dZ·Xᵀ, long rows of one value per example): R rows of
//     A against S rows of B at once, R·S vector accumulators summed across lanes at the end.
// Columns that do not fill a vector are summed in scalar code, in the same order. Where the columns are fewer
// than a vector (mini-batches), the small operand is transposed so that the loops run along a longer
// dimension.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "matrix_products.cpp"
#include <hwy/foreach_target.h> // must come before highway.h

#include <hwy/highway.h>

#include "matrix_products.h"

#include <algorithm>
#include <cstddef>
#include <vector>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// C rows i..i+R of A·B (+ bias[i] on every column of row i when bias is given), A element (i, p) at
// a[i·rowStride + p·colStride].
template<int R, typename T>
HWY_INLINE void ScaledRows(const T *a, std::size_t rowStride, std::size_t colStride, const T *b,
                           const T *bias, T *c, std::size_t i, std::size_t k, std::size_t n) {
    const hn::ScalableTag<T> d;
    auto start = [&](int r) { return bias != nullptr ? bias[i + std::size_t(r)] : T(0); };
    const std::size_t lanes = hn::Lanes(d);
    std::size_t j = 0;
    for (; j + 2 * lanes <= n; j += 2 * lanes) {
        hn::Vec<decltype(d)> acc0[R], acc1[R];
        for (int r = 0; r < R; ++r)
            acc0[r] = acc1[r] = hn::Set(d, start(r));
        for (std::size_t p = 0; p < k; ++p) {
            const auto b0 = hn::LoadU(d, b + p * n + j);
            const auto b1 = hn::LoadU(d, b + p * n + j + lanes);
            for (int r = 0; r < R; ++r) {
                const auto scale = hn::Set(d, a[(i + std::size_t(r)) * rowStride + p * colStride]);
                acc0[r] = hn::MulAdd(scale, b0, acc0[r]);
                acc1[r] = hn::MulAdd(scale, b1, acc1[r]);
            }
        }
        for (int r = 0; r < R; ++r) {
            hn::StoreU(acc0[r], d, c + (i + std::size_t(r)) * n + j);
            hn::StoreU(acc1[r], d, c + (i + std::size_t(r)) * n + j + lanes);
        }
    }
    for (; j + lanes <= n; j += lanes) {
        hn::Vec<decltype(d)> acc[R];
        for (int r = 0; r < R; ++r)
            acc[r] = hn::Set(d, start(r));
        for (std::size_t p = 0; p < k; ++p) {
            const auto b0 = hn::LoadU(d, b + p * n + j);
            for (int r = 0; r < R; ++r)
                acc[r] =
                    hn::MulAdd(hn::Set(d, a[(i + std::size_t(r)) * rowStride + p * colStride]), b0, acc[r]);
        }
        for (int r = 0; r < R; ++r)
            hn::StoreU(acc[r], d, c + (i + std::size_t(r)) * n + j);
    }
    for (; j < n; ++j)
        for (int r = 0; r < R; ++r) {
            T sum = start(r);
            for (std::size_t p = 0; p < k; ++p)
                sum += a[(i + std::size_t(r)) * rowStride + p * colStride] * b[p * n + j];
            c[(i + std::size_t(r)) * n + j] = sum;
        }
}

template<typename T>
void ScaledRowsAll(const T *a, std::size_t rowStride, std::size_t colStride, const T *b, const T *bias, T *c,
                   std::size_t m, std::size_t k, std::size_t n) {
    std::size_t i = 0;
#if HWY_TARGET <= HWY_AVX3
    // 32 vector registers: eight rows of C (16 accumulators) per pass over B, half the passes of four.
    for (; i + 8 <= m; i += 8)
        ScaledRows<8>(a, rowStride, colStride, b, bias, c, i, k, n);
#endif
    for (; i + 4 <= m; i += 4)
        ScaledRows<4>(a, rowStride, colStride, b, bias, c, i, k, n);
    switch (m - i) {
    case 3:
        ScaledRows<3>(a, rowStride, colStride, b, bias, c, i, k, n);
        break;
    case 2:
        ScaledRows<2>(a, rowStride, colStride, b, bias, c, i, k, n);
        break;
    case 1:
        ScaledRows<1>(a, rowStride, colStride, b, bias, c, i, k, n);
        break;
    default:
        break;
    }
}

// C(i..i+R, q..q+S) of A·Bᵀ: dot products of rows of A (m×k) and rows of B (n×k).
template<int R, int S, typename T>
HWY_INLINE void DotBlock(const T *a, const T *b, T *c, std::size_t i, std::size_t q, std::size_t k,
                         std::size_t n) {
    const hn::ScalableTag<T> d;
    const std::size_t lanes = hn::Lanes(d);
    hn::Vec<decltype(d)> acc[R][S];
    for (int r = 0; r < R; ++r)
        for (int s = 0; s < S; ++s)
            acc[r][s] = hn::Zero(d);
    std::size_t p = 0;
    for (; p + lanes <= k; p += lanes) {
        hn::Vec<decltype(d)> bv[S];
        for (int s = 0; s < S; ++s)
            bv[s] = hn::LoadU(d, b + (q + std::size_t(s)) * k + p);
        for (int r = 0; r < R; ++r) {
            const auto av = hn::LoadU(d, a + (i + std::size_t(r)) * k + p);
            for (int s = 0; s < S; ++s)
                acc[r][s] = hn::MulAdd(av, bv[s], acc[r][s]);
        }
    }
    for (int r = 0; r < R; ++r)
        for (int s = 0; s < S; ++s) {
            T sum = hn::GetLane(hn::SumOfLanes(d, acc[r][s]));
            for (std::size_t t = p; t < k; ++t)
                sum += a[(i + std::size_t(r)) * k + t] * b[(q + std::size_t(s)) * k + t];
            c[(i + std::size_t(r)) * n + q + std::size_t(s)] = sum;
        }
}

template<int R, typename T>
HWY_INLINE void DotRows(const T *a, const T *b, T *c, std::size_t i, std::size_t k, std::size_t n) {
    std::size_t q = 0;
    for (; q + 4 <= n; q += 4)
        DotBlock<R, 4>(a, b, c, i, q, k, n);
    switch (n - q) {
    case 3:
        DotBlock<R, 3>(a, b, c, i, q, k, n);
        break;
    case 2:
        DotBlock<R, 2>(a, b, c, i, q, k, n);
        break;
    case 1:
        DotBlock<R, 1>(a, b, c, i, q, k, n);
        break;
    default:
        break;
    }
}

template<typename T>
void DotRowsAll(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n) {
    std::size_t i = 0;
#if HWY_TARGET <= HWY_AVX3
    // 32 vector registers: four rows of A against four of B (16 accumulators), half the loads per fma.
    for (; i + 4 <= m; i += 4)
        DotRows<4>(a, b, c, i, k, n);
#endif
    for (; i + 2 <= m; i += 2)
        DotRows<2>(a, b, c, i, k, n);
    if (i < m) DotRows<1>(a, b, c, i, k, n);
}

// B transposed into scratch storage of this thread, reused between calls.
template<typename T>
const T *Transposed(const T *b, std::size_t rows, std::size_t cols) {
    thread_local std::vector<T> scratch;
    scratch.resize(rows * cols);
    gelulab::kernels::transpose(b, rows, cols, scratch.data());
    return scratch.data();
}

// Each product vectorises along its longest contiguous dimension: the columns of C (one per example) when
// there are a vector's worth of them, otherwise (the Playground's mini-batches of 10) the inner dimension or
// the rows, after transposing the small operand.
template<typename T>
void MultiplyLanes(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n, const T *bias) {
    const std::size_t lanes = hn::Lanes(hn::ScalableTag<T>());
    if (n >= lanes || k < lanes) {
        ScaledRowsAll(a, k, 1, b, bias, c, m, k, n);
        return;
    }
    DotRowsAll(a, Transposed(b, k, n), c, m, k, n); // C(i, j) = A row i · B column j
    if (bias != nullptr)
        for (std::size_t i = 0; i < m; ++i)
            for (std::size_t j = 0; j < n; ++j)
                c[i * n + j] += bias[i];
}

template<typename T>
void MultiplyTransposedALanes(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n) {
    const std::size_t lanes = hn::Lanes(hn::ScalableTag<T>());
    if (n >= lanes || m < lanes) {
        ScaledRowsAll(a, 1, m, b, static_cast<const T *>(nullptr), c, m, k, n);
        return;
    }
    // Cᵀ = Bᵀ·A (n×m, vectorised along m), then transposed into C.
    thread_local std::vector<T> product;
    product.resize(n * m);
    ScaledRowsAll(b, 1, n, a, static_cast<const T *>(nullptr), product.data(), n, k, m);
    gelulab::kernels::transpose(product.data(), n, m, c);
}

template<typename T>
void MultiplyTransposedBLanes(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n) {
    const std::size_t lanes = hn::Lanes(hn::ScalableTag<T>());
    // Dot products end in a sum across lanes for every element of C, and load two vectors per fma block:
    // where C has rows and columns enough (a layer's weight gradient dZ·Xᵀ), transposing B once (n·k
    // elements, against m·n·k multiply-adds) and scaling rows runs 2.5 times faster.
    const bool wide = n >= 2 * lanes && m >= 4 && k >= 4;
    if (!wide && (k >= lanes || n < lanes)) {
        DotRowsAll(a, b, c, m, k, n);
        return;
    }
    // C = A·(Bᵀ), Bᵀ (k×n) made contiguous: vectorised along n.
    ScaledRowsAll(a, k, 1, Transposed(b, n, k), static_cast<const T *>(nullptr), c, m, k, n);
}

#define GELULAB_TARGET_PRODUCTS(T, Suffix)                                                                   \
    void Multiply##Suffix(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n,         \
                          const T *bias) {                                                                   \
        MultiplyLanes(a, b, c, m, k, n, bias);                                                               \
    }                                                                                                        \
    void MultiplyTransposedA##Suffix(const T *a, const T *b, T *c, std::size_t m, std::size_t k,             \
                                     std::size_t n) {                                                        \
        MultiplyTransposedALanes(a, b, c, m, k, n);                                                          \
    }                                                                                                        \
    void MultiplyTransposedB##Suffix(const T *a, const T *b, T *c, std::size_t m, std::size_t k,             \
                                     std::size_t n) {                                                        \
        MultiplyTransposedBLanes(a, b, c, m, k, n);                                                          \
    }
GELULAB_TARGET_PRODUCTS(float, Float)
GELULAB_TARGET_PRODUCTS(double, Double)
#undef GELULAB_TARGET_PRODUCTS

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "simd_target.h"

namespace gelulab::kernels {
namespace {

// In tiles of 16 × 16, so that both sides stay in the cache while a tile is done (row by row, the writes
// would stride through a whole column of lines).
template<typename T>
void transposeTiles(const T *b, std::size_t rows, std::size_t cols, T *t) {
    constexpr std::size_t kTile = 16;
    for (std::size_t r0 = 0; r0 < rows; r0 += kTile)
        for (std::size_t c0 = 0; c0 < cols; c0 += kTile) {
            const std::size_t r1 = std::min(rows, r0 + kTile), c1 = std::min(cols, c0 + kTile);
            for (std::size_t r = r0; r < r1; ++r)
                for (std::size_t c = c0; c < c1; ++c)
                    t[c * rows + r] = b[r * cols + c];
        }
}

} // namespace

void transpose(const float *b, std::size_t rows, std::size_t cols, float *t) {
    transposeTiles(b, rows, cols, t);
}

void transpose(const double *b, std::size_t rows, std::size_t cols, double *t) {
    transposeTiles(b, rows, cols, t);
}

HWY_EXPORT(MultiplyFloat);
HWY_EXPORT(MultiplyDouble);

void multiply(const float *a, const float *b, float *c, std::size_t m, std::size_t k, std::size_t n,
              const float *bias) {
    simd::applyEnvironmentOnce();
    HWY_DYNAMIC_DISPATCH(MultiplyFloat)(a, b, c, m, k, n, bias);
}

void multiply(const double *a, const double *b, double *c, std::size_t m, std::size_t k, std::size_t n,
              const double *bias) {
    simd::applyEnvironmentOnce();
    HWY_DYNAMIC_DISPATCH(MultiplyDouble)(a, b, c, m, k, n, bias);
}

#define GELULAB_DISPATCH_PRODUCT(name, Name, T, Suffix)                                                      \
    HWY_EXPORT(Name##Suffix);                                                                                \
    void name(const T *a, const T *b, T *c, std::size_t m, std::size_t k, std::size_t n) {                   \
        simd::applyEnvironmentOnce();                                                                        \
        HWY_DYNAMIC_DISPATCH(Name##Suffix)(a, b, c, m, k, n);                                                \
    }
GELULAB_DISPATCH_PRODUCT(multiplyTransposedA, MultiplyTransposedA, float, Float)
GELULAB_DISPATCH_PRODUCT(multiplyTransposedA, MultiplyTransposedA, double, Double)
GELULAB_DISPATCH_PRODUCT(multiplyTransposedB, MultiplyTransposedB, float, Float)
GELULAB_DISPATCH_PRODUCT(multiplyTransposedB, MultiplyTransposedB, double, Double)
#undef GELULAB_DISPATCH_PRODUCT

} // namespace gelulab::kernels
#endif // HWY_ONCE
