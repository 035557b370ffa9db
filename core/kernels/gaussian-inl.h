// gelu f and f′ and gelu_cauchy over vectors, written once over the lane type and compiled once per SIMD
// target (see vector_math-inl.h and docs/ARCHITECTURE.md, "Kernels").
#if defined(GELULAB_GAUSSIAN_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef GELULAB_GAUSSIAN_INL_H_
#undef GELULAB_GAUSSIAN_INL_H_
#else
#define GELULAB_GAUSSIAN_INL_H_
#endif

#include "gelu_rational-inl.h"
#include "vector_math-inl.h"

#include <array>
#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace gelulab::kernels::HWY_NAMESPACE {

// gelu f and f′ within 4 ulp (float f uses pieces of a, GeluByPieces below; double f, where multiply-add is
// fused, one rational function, gelu_rational-inl.h). With a = |x| and Q(a) = Φ(−a):
// gelu(x) = x·Q(a) for x < 0 and x − x·Q(a) for x ≥ 0 (no cancellation: Q ≤ 1/2). Q(a) = exp(−a²/2)·G(a),
// where G(a) = exp(a²/2)·Q(a) (the Mills ratio over √(2π)) is smooth and slowly varying:
//   - a² is exact as hi + lo; exp(−hi/2) = 2ⁿ·(1 + q) (ExpReduced); the factor exp(−lo/2) ≈ 1 − lo/2 joins a
//     first-order correction;
//   - G(a) = t·P(t), t = 1/d, d = 1 + a/2. float: P of degree 11 in t − 0.5606 (relative error 3.0e-9 over
//     a ∈ [0, 14.5] with float coefficients, its constant term a float pair). double: sixteen intervals of t,
//     j = min(⌊16t⌋, 15), each with a degree-9 polynomial (coefficients picked per lane by Coefficients) in
//     16t − j − 1/2 (constant terms as double pairs); on AVX2, whose permutation holds four doubles, four
//     intervals of degree 15 instead, by Estrin's scheme (the loop is bound by latency there). d's rounding
//     error dlo is exact (d − 1 is exact here), and 1/(d + dlo) = t·(1 + resid) with resid = 1 − d·t − dlo·t;
//   - everything multiplies into X = x·t·P, corrected once by X + X·corr with corr = q + c + c·q, c = resid −
//     lo/2, and scaled by 2ⁿ last, so a result in the subnormal range rounds only once.
// x is clamped to ±100 (float) or ±40 (double) first, where the gate is exactly 0 or 1; ±inf then come out as
// x and −0, NaN passes through the clamp. The coefficients come from scripts/fit_gelu_float.py and
// scripts/fit_gelu_double.py.
constexpr float kFloatCentre = 0.56060606f;
constexpr float kFloatP0Hi = 0.3564680218696594f;
constexpr float kFloatP0Lo = -1.0918658865932684e-08f;
constexpr std::array<float, 11> kFloatP{0.33677077293395996f,   0.031033456325531006f, -0.14412902295589447f,
                                        0.025136198848485947f,  0.0822390764951706f,   -0.07457709312438965f,
                                        -0.007006852421909571f, 0.07805542647838593f,  -0.06699064373970032f,
                                        -0.031016943976283073f, 0.06763162463903427f};
alignas(64) constexpr double kDoubleG[10][16] = {
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
alignas(64) constexpr double kDoubleG0Lo[16] = {
    -1.8465664608548804e-18, -4.6679242233614535e-18, -7.142548327623459e-18, -2.2523013825510268e-17,
    6.435199799106371e-18,   -6.302519542003305e-18,  8.43360838401261e-19,   -3.6262339466158115e-18,
    -1.216165267094874e-17,  -3.509586056421556e-18,  2.2845517899411074e-17, 1.1858008868049683e-17,
    -3.0734439531333186e-18, -2.0253002569960263e-17, 1.510262672042025e-17,  -1.713505671189117e-17};

// AVX2 (four doubles a permutation): four intervals of t, j = min(⌊4t⌋, 3), a polynomial of degree 15 in
// 4t − j − 1/2 each (relative error 6.7e-18 with doubles; scripts/fit_gelu_double.py 4 15).
alignas(32) constexpr double kDoubleG4[16][4] = {
    {0.22682128421874354, 0.2959608184459104, 0.378244723266108, 0.46136462438504827},
    {0.05964588433218075, 0.07757285733515006, 0.0847520060189491, 0.0798488473247491},
    {0.01001542538739899, 0.0068771304258491575, 0.00025099715195781583, -0.004654258636096377},
    {1.9568382418983287e-05, -0.0019744743050103, -0.0021038455305584635, -0.0011257620854276903},
    {-0.0005028287741254477, -0.00031352214101331344, 0.00018359420396100898, 0.00025110997744591187},
    {-7.712524829291023e-05, 0.00012250394906860736, 5.27096598864992e-05, -1.2621438588524692e-05},
    {3.170986571745223e-05, 7.664582324769115e-06, -1.7161659501353336e-05, -4.698959930188183e-06},
    {1.0663068193920653e-05, -9.753270427618424e-06, 1.2347418320430756e-06, 1.415267953316101e-06},
    {-2.767973805899488e-06, 1.132960551922109e-06, 5.426211457917556e-07, -1.8444427780089637e-07},
    {-1.4928102065397543e-06, 5.839096169352881e-07, -2.0563660808525184e-07, -1.1155105522458843e-09},
    {3.5074689732908057e-07, -2.422349344584615e-07, 2.851500531771153e-08, 6.770146240281062e-09},
    {2.3283465831197408e-07, 8.845549220388385e-09, 3.0598397864612284e-09, -1.8441894317722466e-09},
    {-6.435066917599037e-08, 2.188126439970997e-08, -2.629973155389543e-09, 2.802696405923512e-10},
    {-3.8362978779685666e-08, -7.763817757987944e-09, 6.788586724555804e-10, -1.3003995267804602e-11},
    {1.679051826392464e-08, -9.144481808622174e-11, -5.713646490956435e-11, -7.532141286860739e-12},
    {5.767931559534222e-10, 8.235588601552476e-10, -2.170999695684884e-11, 2.7683438278368863e-12},
};
alignas(32) constexpr double kDoubleG4Lo[4] = {-1.3456952911696881e-17, 1.7932055023338412e-17,
                                               -7.511790117971792e-18, 1.8906178876503417e-17};

// The same coefficients by interval, one row each: G₀ … G₉, G₀'s low part, and padding to twelve.
alignas(64) constexpr auto kDoubleRows = [] {
    std::array<std::array<double, 12>, 16> rows{};
    for (std::size_t j = 0; j < 16; ++j) {
        for (std::size_t k = 0; k < 10; ++k)
            rows[j][k] = kDoubleG[k][j];
        rows[j][10] = kDoubleG0Lo[j];
    }
    return rows;
}();

// The eleven coefficients (G₀ … G₉, G₀'s low part) per lane by interval index (0 to 15): one two-register
// permutation each where the target has it (AVX-512); with four or two lanes, each lane's row loaded and the
// rows transposed (a gather is slow on many processors); a gather elsewhere.
template<class D>
HWY_INLINE void Coefficients(D d, hn::Vec<hn::RebindToSigned<D>> index, hn::Vec<D> (&c)[12]) {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
    for (std::size_t k = 0; k < 11; ++k) {
        const double *table = k < 10 ? kDoubleG[k] : kDoubleG0Lo;
        c[k] =
            hn::Vec<D>{_mm512_permutex2var_pd(hn::Load(d, table).raw, index.raw, hn::Load(d, table + 8).raw)};
    }
#elif HWY_TARGET != HWY_SCALAR
    constexpr std::size_t kLanes = hn::MaxLanes(D());
    if constexpr (kLanes == 4 || kLanes == 2) {
        const hn::RebindToSigned<D> di;
        HWY_ALIGN std::int64_t lane[kLanes];
        hn::Store(index, di, lane);
        for (std::size_t block = 0; block < 12; block += kLanes) {
            hn::Vec<D> r[kLanes];
            for (std::size_t l = 0; l < kLanes; ++l)
                r[l] = hn::LoadU(d, kDoubleRows[static_cast<std::size_t>(lane[l])].data() + block);
            if constexpr (kLanes == 2) {
                c[block] = hn::InterleaveLower(d, r[0], r[1]);
                c[block + 1] = hn::InterleaveUpper(d, r[0], r[1]);
            } else {
                const auto t0 = hn::InterleaveLower(d, r[0], r[1]), t1 = hn::InterleaveUpper(d, r[0], r[1]);
                const auto t2 = hn::InterleaveLower(d, r[2], r[3]), t3 = hn::InterleaveUpper(d, r[2], r[3]);
                c[block] = hn::ConcatLowerLower(d, t2, t0);
                c[block + 1] = hn::ConcatLowerLower(d, t3, t1);
                c[block + 2] = hn::ConcatUpperUpper(d, t2, t0);
                c[block + 3] = hn::ConcatUpperUpper(d, t3, t1);
            }
        }
    } else {
        for (std::size_t k = 0; k < 11; ++k)
            c[k] = hn::GatherIndex(d, k < 10 ? kDoubleG[k] : kDoubleG0Lo, index);
    }
#else
    for (std::size_t k = 0; k < 11; ++k)
        c[k] = hn::GatherIndex(d, k < 10 ? kDoubleG[k] : kDoubleG0Lo, index);
#endif
}

// c(1) + c(2)·s + … + c(15)·s¹⁴ by Estrin's scheme (pairs, then pairs of pairs by s², s⁴, s⁸): in double the
// loop is bound by the chain of dependent multiply-adds, which this cuts from 14 to 4 (and 3 products).
template<class D, class Coefficient>
HWY_INLINE hn::Vec<D> EstrinFifteen(D d, hn::Vec<D> s, const Coefficient &c) {
    (void)d;
    const auto s2 = hn::Mul(s, s);
    const auto s4 = hn::Mul(s2, s2);
    const auto s8 = hn::Mul(s4, s4);
    const auto e1 = hn::MulAdd(c(2), s, c(1)), e3 = hn::MulAdd(c(4), s, c(3)), e5 = hn::MulAdd(c(6), s, c(5));
    const auto e7 = hn::MulAdd(c(8), s, c(7)), e9 = hn::MulAdd(c(10), s, c(9)),
               e11 = hn::MulAdd(c(12), s, c(11));
    const auto e13 = hn::MulAdd(c(14), s, c(13));
    const auto f1 = hn::MulAdd(e3, s2, e1), f5 = hn::MulAdd(e7, s2, e5), f9 = hn::MulAdd(e11, s2, e9);
    const auto f13 = hn::MulAdd(c(15), s2, e13);
    return hn::MulAdd(hn::MulAdd(f13, s4, f9), s8, hn::MulAdd(f5, s4, f1));
}

// The Gaussian pieces shared by f and f′, for a = |x| (x clamped): exp(−a²/2) = 2ⁿ·(1 + q)·(1 − lo/2) and
// G(a) = t·P·(1 + resid), as described above.
template<class D>
struct GaussTerms {
    hn::Vec<D> xc, a, n, q, lo, t, resid, p;
};

template<class D>
HWY_INLINE GaussTerms<D> Gauss(D d, hn::Vec<D> x) {
    using T = Lane<D>;
    GaussTerms<D> g;
    const double limit = sizeof(T) == 4 ? 100.0 : 40.0;
    g.xc = ClampKeepNaN(d, x, -limit, limit);
    g.a = hn::Abs(g.xc);
    const auto hi = hn::Mul(g.a, g.a);
    g.lo = ProductError(d, g.a, g.a, hi);
    ExpReduced(d, hn::Mul(hi, Splat(d, -0.5)), nullptr, g.n, g.q);

    const auto one = Splat(d, 1.0);
    const auto d1 = hn::MulAdd(g.a, Splat(d, 0.5), one);
    const auto dlo = hn::MulAdd(g.a, Splat(d, 0.5), hn::Sub(one, d1)); // a/2 is exact: no fma needed
    g.t = hn::Div(one, d1);
    // resid = (1 − d·t) − dlo·t with 1 − d·t exact: one fma, or (1 − p) − e without, p = d·t rounded (1 − p
    // exact by Sterbenz) and e its error.
#if HWY_NATIVE_FMA
    const auto oneMinusDt = hn::NegMulAdd(d1, g.t, one);
#else
    const auto dt = hn::Mul(d1, g.t);
    const auto oneMinusDt = hn::Sub(hn::Sub(one, dt), ProductError(d, d1, g.t, dt));
#endif
    g.resid = hn::NegMulAdd(dlo, g.t, oneMinusDt);
    if constexpr (sizeof(T) == 4) {
        const auto s = hn::Sub(g.t, Splat(d, kFloatCentre));
        g.p = hn::Add(hn::MulAdd(Horner(d, s, kFloatP), s, Splat(d, kFloatP0Lo)), Splat(d, kFloatP0Hi));
    } else {
        const hn::RebindToSigned<D> di;
#if HWY_ARCH_X86 && HWY_TARGET == HWY_AVX2
        // j = min(⌊4t⌋, 3) from a rather than from t: 4t ≥ 1, 2, 3 where a ≤ 6, 2, 2/3, so the index and the
        // permutations do not wait for the division (the loop is bound by its chains' latency).
        const auto m1 = hn::Le(g.a, Splat(d, 6.0)), m2 = hn::Le(g.a, Splat(d, 2.0)),
                   m3 = hn::Le(g.a, Splat(d, 2.0 / 3.0));
        const auto one = Splat(d, 1.0);
        const auto j = hn::Add(hn::Add(hn::IfThenElseZero(m1, one), hn::IfThenElseZero(m2, one)),
                               hn::IfThenElseZero(m3, one));
        const auto s = hn::Sub(hn::MulAdd(g.t, Splat(d, 4.0), Splat(d, -0.5)), j);
        // Lane pairs (2j, 2j + 1) for the 32-bit permutation: each mask is −1 in both halves of its lane.
        const hn::Repartition<std::int32_t, D> d32;
        const auto count = hn::Add(
            hn::Add(hn::BitCast(d32, hn::VecFromMask(d, m1)), hn::BitCast(d32, hn::VecFromMask(d, m2))),
            hn::BitCast(d32, hn::VecFromMask(d, m3)));
        const auto pairs =
            hn::Sub(hn::BitCast(d32, hn::Set(di, std::int64_t{1} << 32)), hn::Add(count, count));
        const hn::Indices256<double> lanes{pairs.raw};
        const auto c = [&](int k) { return hn::TableLookupLanes(hn::Load(d, kDoubleG4[k]), lanes); };
        g.p = hn::Add(
            hn::MulAdd(EstrinFifteen(d, s, c), s, hn::TableLookupLanes(hn::Load(d, kDoubleG4Lo), lanes)),
            c(0));
#else
        const auto t16 = hn::Mul(g.t, Splat(d, 16.0));
        const auto j = hn::Min(hn::Floor(t16), Splat(d, 15.0));
        const auto s = hn::Sub(hn::Sub(t16, j), Splat(d, 0.5));
        // j (0 to 15) as an integer from the low mantissa bits of j + 2⁵², masked to four bits so that a NaN
        // lane cannot reach outside the table (a conversion would cost Highway's overflow fix-up on x86).
        const auto index =
            hn::And(hn::BitCast(di, hn::Add(j, Splat(d, 4503599627370496.0))), hn::Set(di, 15));
        hn::Vec<D> c[12];
        Coefficients(d, index, c);
        auto p = c[9];
        for (int k = 8; k >= 1; --k)
            p = hn::MulAdd(p, s, c[k]);
        g.p = hn::Add(hn::MulAdd(p, s, c[10]), c[0]);
#endif
    }
    return g;
}

// float gelu by pieces, without a division (the f′ above keeps G in t): with a = |x|, |x|·Q(a) =
// exp(−a²/2)·H(a), where H(a) = a·G(a) = a·exp(a²/2)·Q(a) is smooth and between 0 and 1/√(2π).
//   - H is a polynomial of degree 7 in s = a − cⱼ on each of eight pieces of a, [0, ½), [½, 1), [1, 2),
//     [2, 3), [3, 5), [5, 7), [7, 11) and [11, 14.5], numbered by the exponent and top mantissa bit of a + 1
//     (one add, one shift). Its coefficients are picked per lane by one table permutation each (relative
//     error below 1e-8 with float coefficients). Each centre cⱼ is a float where H(cⱼ) lies within 1/500
//     ulp of a float, the constant term, so no constant needs a low part. On the first piece c₀ = 0 and
//     H = s·(½ − s/√(2π) + …), accurate relative to H down to a = 0.
//   - exp(−a²/2) = 2ⁿ·(1 + q): n = round(−a²/2·log₂e) by the magic-number addition, which also leaves n in
//     the low bits of t. w = a² + 2n·ln 2 (one fma with the exact 2n·ln2_hi, plus 2n·ln2_lo) is −2r for the
//     reduced r, and q = e^(−w/2) − 1 = w·E(w).
//   - |x|·Q = (H + H·q)·2ⁿ. 2ⁿ is added to the exponent field as an integer (t's low bits shifted into it)
//     while every result of the block is normal, and applied by ScaleNoAssist otherwise, so that a
//     subnormal result rounds once. Beyond a = 14.5, |x|·Q rounds to 0 in float.
// On AVX2 the loop is about 45 instructions per 8 floats (68 with G in t and its division). The coefficients
// come from scripts/fit_gelu_float.py (fit_pieces, fit_half_exp).
alignas(64) constexpr float kFloatPieceCentre[16] = {0.0f,
                                                     0.7523000240325928f,
                                                     1.5027999877929688f,
                                                     2.507999897003174f,
                                                     3.9679999351501465f,
                                                     5.9822001457214355f,
                                                     8.9891996383667f,
                                                     12.675450325012207f};
constexpr std::size_t kFloatPieceTerms = 8; // degree 7
alignas(64) constexpr float kFloatPiece[kFloatPieceTerms][16] = {
    {0.0f, 0.22556455433368683f, 0.30886775255203247f, 0.3535459637641907f, 0.3773448169231415f,
     0.3886190354824066f, 0.3941780626773834f, 0.3965042233467102f},
    {0.5f, 0.1694011688232422f, 0.07016418129205704f, 0.027113337069749832f, 0.009398248977959156f,
     0.003206842578947544f, 0.0010236799716949463f, 0.00037780171260237694f},
    {-0.3989419937133789f, -0.10965748131275177f, -0.037353333085775375f, -0.01139620691537857f,
     -0.0029514136258512735f, -0.0007312608067877591f, -0.00016319002315867692f, -4.3653781176544726e-05f},
    {0.24998876452445984f, 0.05720268562436104f, 0.016370903700590134f, 0.004029500763863325f,
     0.0007954786997288465f, 0.0001452457654522732f, 2.288194082211703e-05f, 4.4580383473658e-06f},
    {-0.13283346593379974f, -0.02579302154481411f, -0.0062963091768324375f, -0.0012718518264591694f,
     -0.00019420638273004442f, -2.6510671887081116e-05f, -2.9657330742338672e-06f, -4.240909845520946e-07f},
    {0.061600372195243835f, 0.01040317676961422f, 0.0021957485005259514f, 0.00036874067154712975f,
     4.437781171873212e-05f, 4.565833933156682e-06f, 3.661885443762003e-07f, 3.854200869568558e-08f},
    {-0.023744001984596252f, -0.0038949681911617517f, -0.0007391394465230405f, -0.00010309309436706826f,
     -1.0349082913307939e-05f, -7.872567948652431e-07f, -4.851286306006841e-08f, -3.548045190981952e-09f},
    {0.005683343391865492f, 0.0014749198453500867f, 0.00022753160737920552f, 2.7223377401242033e-05f,
     2.0603349639713997e-06f, 1.2356103695765341e-07f, 5.677190273445376e-09f, 3.023794270529123e-10f},
};

// The piece tables as PieceLookup reads them: entry e holds piece (e + 2) mod 8, because the lookup index is
// the exponent-and-top-bit field of a + 1 itself, 254 + j, taken modulo 8 (or 16: 16 is a multiple of 8).
struct PieceTables {
    float centre[16];
    float c[kFloatPieceTerms][16];
};
alignas(64) constexpr PieceTables kFloatPieceTables = [] {
    PieceTables t{};
    for (std::size_t e = 0; e < 16; ++e) {
        const std::size_t j = (e + 2) % 8;
        t.centre[e] = kFloatPieceCentre[j];
        for (std::size_t k = 0; k < kFloatPieceTerms; ++k)
            t.c[k][e] = kFloatPiece[k][j];
    }
    return t;
}();

// table[field mod 8] per lane: one permutation where a vector holds eight or sixteen floats (x86 reads only
// the low bits of each index), a gather of the masked index elsewhere.
template<class D>
HWY_INLINE hn::Vec<D> PieceLookup(D d, const float *table, hn::Vec<hn::RebindToSigned<D>> field) {
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
    return hn::Vec<D>{_mm512_permutexvar_ps(field.raw, hn::Load(d, table).raw)};
#elif HWY_ARCH_X86 && HWY_TARGET == HWY_AVX2
    return hn::Vec<D>{_mm256_permutevar8x32_ps(hn::Load(d, table).raw, field.raw)};
#else
    const hn::RebindToSigned<D> di;
    return hn::GatherIndex(d, table, hn::And(field, hn::Set(di, 7)));
#endif
}

// e^(−w/2) − 1 = w·E(w) for |w| ≤ ln 2, E of degree 5 (relative error 3.1e-9 with float coefficients).
constexpr std::array<float, 6> kFloatHalfExp{-0.5f,
                                             0.1249999850988388f,
                                             -0.020833151414990425f,
                                             0.0026042668614536524f,
                                             -0.00026152117061428726f,
                                             2.1594392819679342e-05f};

template<class D>
struct PieceTerms {
    hn::Vec<D> v, t; // |x|·Q = v·2ⁿ, t = 1.5·2²³ + n (ReduceHalfSquare)
};

template<class D>
HWY_INLINE PieceTerms<D> GeluPieceTerms(D d, hn::Vec<D> x) {
    const hn::RebindToSigned<D> di;
    // a = |x| unclamped: every lane beyond about 12.93 has n < −120 and takes the scaled path in
    // GeluPieceFinish, which sets |x|·Q to 0 beyond 14.5, whatever the pieces gave there (inf, NaN or
    // nonsense). A NaN lane comes out of the final maximum as x.
    const auto a = hn::Abs(x);
    // exp(−a²/2) = 2ⁿ·(1 + q) with q = e^(−w/2) − 1 = w·E(w).
    const HalfSquare<D> e = ReduceHalfSquare(d, a);
    const auto q = hn::Mul(e.w, Horner(d, e.w, kFloatHalfExp));
    // H on the piece of a.
    const auto field = hn::ShiftRight<22>(hn::BitCast(di, hn::Add(a, Splat(d, 1.0))));
    const auto s = hn::Sub(a, PieceLookup(d, kFloatPieceTables.centre, field));
    auto h = PieceLookup(d, kFloatPieceTables.c[kFloatPieceTerms - 1], field);
    for (std::size_t k = kFloatPieceTerms - 1; k-- > 0;)
        h = hn::MulAdd(h, s, PieceLookup(d, kFloatPieceTables.c[k], field));
    return {hn::MulAdd(h, q, h), e.t}; // v = H·(1 + q), below 0.6
}

// max(x, −0) − |x|·Q: |x|·Q = v·2ⁿ with n added to the exponent field where every result is normal
// (allNormal), by ScaleNoAssist otherwise.
template<class D>
HWY_INLINE hn::Vec<D> GeluPieceFinish(D d, hn::Vec<D> x, const PieceTerms<D> &g, bool allNormal) {
    hn::Vec<D> aq;
    if (allNormal) {
        aq = AddToExponent(d, g.v, g.t);
    } else {
        // Lanes beyond 14.5 (and NaN) get v = 0 and n = 0 before the scaling, so that no infinity or NaN
        // reaches its conversion to integers (undefined behaviour on the emulated targets).
        const auto keep = hn::Le(hn::Abs(x), Splat(d, 14.5));
        aq = ScaleNoAssist(d, hn::IfThenElseZero(keep, g.v),
                           hn::IfThenElseZero(keep, hn::Sub(g.t, Splat(d, kRoundingMagic<float>))));
    }
    return hn::Sub(AtLeastKeepNaN(d, x, -0.0), aq);
}

// Whether no lane of t (or of the least t of a block) has n < kAssistBelow, so that every result is normal.
// Compared as integers: t is negative for |x| beyond about 4177, −∞ where x² overflows and NaN for NaN, and
// a floating-point minimum over a block would let a NaN lane hide the others.
template<class D>
HWY_INLINE bool PiecesAllNormal(D d, hn::Vec<hn::RebindToSigned<D>> tBits) {
    const hn::RebindToSigned<D> di;
    return hn::AllFalse(di, hn::Lt(tBits, hn::BitCast(di, Splat(d, kRoundingMagic<float> +
                                                                       LaneConstants<float>::kAssistBelow))));
}

template<class D>
HWY_INLINE hn::Vec<D> GeluByPieces(D d, hn::Vec<D> x) {
    const hn::RebindToSigned<D> di;
    const PieceTerms<D> g = GeluPieceTerms(d, x);
    return GeluPieceFinish(d, x, g, PiecesAllNormal(d, hn::BitCast(di, g.t)));
}

// kBlock vectors at a time from x to y, with one test for the rare lanes whose result may be subnormal
// (fewer loop steps and tests than one vector at a time); x is loaded again for the last step rather than
// kept in registers across the test, which AVX2's sixteen cannot hold.
template<std::size_t kBlock, class D>
HWY_INLINE void GeluByPiecesBlock(D d, const Lane<D> *x, Lane<D> *y) {
    const std::size_t lanes = hn::Lanes(d);
    PieceTerms<D> g[kBlock];
    for (std::size_t k = 0; k < kBlock; ++k)
        g[k] = GeluPieceTerms(d, hn::LoadU(d, x + k * lanes));
    const hn::RebindToSigned<D> di;
    auto lowest = hn::BitCast(di, g[0].t);
    for (std::size_t k = 1; k < kBlock; ++k)
        lowest = hn::Min(lowest, hn::BitCast(di, g[k].t));
    const bool allNormal = PiecesAllNormal(d, lowest);
    for (std::size_t k = 0; k < kBlock; ++k)
        hn::StoreU(GeluPieceFinish(d, hn::LoadU(d, x + k * lanes), g[k], allNormal), d, y + k * lanes);
}

// With aq = |x|·Q(|x|): x − aq for x ≥ 0 and −aq = x·Q for x < 0, that is max(x, −0) − aq (NaN kept; −0 − aq
// keeps the sign of a result that rounds to zero below 0).
template<class D>
HWY_INLINE hn::Vec<D> Gelu(D d, hn::Vec<D> x) {
    if constexpr (sizeof(Lane<D>) == 4) {
        return GeluByPieces(d, x);
    } else {
#if HWY_NATIVE_FMA
        return GeluRational(d, x);
#else
        const GaussTerms<D> g = Gauss(d, x);
        const auto bulk = hn::Mul(hn::Mul(g.a, g.t), g.p);
        const auto c = hn::MulAdd(g.lo, Splat(d, -0.5), g.resid);
        const auto corr = hn::Add(hn::MulAdd(c, g.q, c), g.q);
        const auto aq = ScaleNoAssist(d, hn::MulAdd(bulk, corr, bulk), g.n); // |x|·Q(|x|)
        return hn::Sub(AtLeastKeepNaN(d, x, -0.0), aq);
#endif
    }
}

// gelu′(x) = Φ(x) + x·φ(x). With B = G(a) − a/√(2π): for x ≥ 0 it is 1 − exp(−a²/2)·B (at least 1/2, no
// cancellation); for x < 0 it is exp(−a²/2)·B. In float, between −1.3 and 0 the two terms of B cancel towards
// the zero of gelu′ at x₀ ≈ −0.75179 by more than 4 ulp allow, so there it is (x − x₀)·R(x − c), R of degree
// 9 (relative error 1.6e-8 with float coefficients, from scripts/fit_gelu_float.py) and x₀ a float pair; in
// double the cancellation stays within the condition number of gelu′ there, which the double bound allows.
constexpr float kRootHi = -0.7517915368080139f, kRootLo = 1.211444988769017e-08f,
                kRootCentre = -0.6499999761581421f;
constexpr std::array<float, 10> kRootR{
    0.4707079231739044f,     0.3809843063354492f,   -0.05372120067477226f, -0.11792256683111191f,
    -0.00427226023748517f,   0.021656598895788193f, 0.002745638135820627f, -0.0027318671345710754f,
    -0.0004965759580954909f, 0.0002154005051124841f};

template<class D>
HWY_INLINE hn::Vec<D> GeluDerivative(D d, hn::Vec<D> x) {
    using T = Lane<D>;
    const GaussTerms<D> g = Gauss(d, x);
    const auto tp = hn::Mul(g.t, g.p);
    const auto G = hn::MulAdd(tp, g.resid, tp);
    const double invSqrt2PiHi = sizeof(T) == 4 ? 0.3989422917366028 : 0.3989422804014327;
    const double invSqrt2PiLo = sizeof(T) == 4 ? -1.1335170135851058e-08 : -2.49232720227773e-17;
    const auto B = hn::NegMulAdd(g.a, Splat(d, invSqrt2PiLo), hn::NegMulAdd(g.a, Splat(d, invSqrt2PiHi), G));
    const auto c = hn::Mul(g.lo, Splat(d, -0.5));
    const auto corr = hn::Add(hn::MulAdd(c, g.q, c), g.q);
    const auto eB = ScaleNoAssist(d, hn::MulAdd(B, corr, B), g.n); // exp(−a²/2)·B
    const auto notNegative = hn::Ge(x, hn::Zero(d));               // a NaN lane is NaN on either side
    const auto positive = hn::Sub(Splat(d, 1.0), eB);
    if constexpr (sizeof(T) == 4) {
        const auto s = hn::Sub(g.xc, Splat(d, kRootCentre));
        const auto central =
            hn::Mul(hn::Sub(hn::Sub(g.xc, Splat(d, kRootHi)), Splat(d, kRootLo)), Horner(d, s, kRootR));
        const auto far = hn::Lt(x, Splat(d, -1.3f));
        return hn::IfThenElse(notNegative, positive, hn::IfThenElse(far, eB, central));
    } else {
        return hn::IfThenElse(notNegative, positive, eB);
    }
}

// gelu_cauchy = x·F, F = 1/2 + arctan(x)/π = atan2(1, −x)/π: with A = atan(w), w = 1/|x| ∈ [0, ∞], F = A/π
// for x ≤ 0 and 1 − A/π for x > 0 (no cancellation either way), A carried as a pair (AtanPositive) through
// the product with 1/π, so that f is within 4 ulp. f′ = F + x/(π(1 + x²)), for x ≤ −2 the series of atan(z) −
// z/(1 + z²), z = 1/|x| (the two terms cancel there); f″ = 2/(π(1 + x²)²).
template<class D>
HWY_INLINE hn::Vec<D> GeluCauchy(D d, hn::Vec<D> x, int order) {
    using T = Lane<D>;
    using C = LaneConstants<T>;
    const bool isFloat = sizeof(T) == 4;
    const double invPiHi = isFloat ? 0.31830987334251404 : 0.3183098861837907;
    const double invPiLo = isFloat ? 1.2841276486597053e-08 : -1.9678676675182486e-17;
    const auto one = Splat(d, 1.0);
    const auto notPositive = hn::Le(x, hn::Zero(d));
    if (order == 2) {
        // (2/π)·(1/(1 + x²))², squared after the division so that large x reach the subnormal results.
        const auto r = hn::Div(one, hn::MulAdd(x, x, one));
        return hn::Mul(hn::Mul(Splat(d, 2.0 * static_cast<T>(invPiHi)), r), r);
    }
    const auto w = hn::Div(one, hn::Abs(x));
    hn::Vec<D> hi, lo;
    AtanPositive(d, w, hi, lo);
    // m + mlo = A/π.
    const auto m = hn::Mul(hi, Splat(d, invPiHi));
    const auto mlo = hn::MulAdd(lo, Splat(d, invPiHi),
                                hn::MulAdd(hi, Splat(d, invPiLo), ProductError(d, hi, Splat(d, invPiHi), m)));
    // F = m + mlo for x ≤ 0, (1 − m) − mlo for x > 0 (1 − m is exact: m ≤ 1/2).
    const auto fHi = hn::IfThenElse(notPositive, m, hn::Sub(one, m));
    const auto fLo = hn::IfThenElse(notPositive, mlo, hn::Sub(hn::Zero(d), mlo));
    const auto farRight = hn::Gt(x, Splat(d, C::kCauchyFar));
    if (order == 0) {
        const auto r = hn::Mul(x, fHi);
        const auto value = hn::Add(r, hn::MulAdd(x, fLo, ProductError(d, x, fHi, r)));
        // Beyond ±kCauchyFar the result is −1/π or x to the precision (and ±∞ must not meet the products
        // above).
        const auto farLeft = hn::Lt(x, Splat(d, -C::kCauchyFar));
        return hn::IfThenElse(farRight, x, hn::IfThenElse(farLeft, Splat(d, -invPiHi), value));
    }
    const auto F = hn::Add(fHi, fLo);
    const auto dd = hn::MulAdd(x, x, one);
    const auto direct = hn::MulAdd(hn::Div(x, dd), Splat(d, invPiHi), F);
    // x ≤ −2: (atan(z) − z/(1 + z²))/π = z³·Σ (−1)^(k+1)·(2k/(2k + 1))·z^(2k−2)/π, z = w ≤ 1/2.
    constexpr int kTerms = C::kAtanRemainderTerms;
    auto term = [](int k) { return (k % 2 == 1 ? 2.0 : -2.0) * k / (2.0 * k + 1.0); };
    const auto z2 = hn::Mul(w, w);
    auto series = Splat(d, term(kTerms));
    for (int k = kTerms - 1; k >= 1; --k)
        series = hn::MulAdd(series, z2, Splat(d, term(k)));
    const auto tail = hn::Mul(hn::Mul(hn::Mul(w, z2), series), Splat(d, invPiHi));
    const auto far = hn::Le(x, Splat(d, -2.0));
    return hn::IfThenElse(farRight, one, hn::IfThenElse(far, tail, direct)); // f′ = 1 far right (∞/∞ below)
}

} // namespace gelulab::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // include guard
