#!/usr/bin/python3
"""Fits the coefficients of the double gelu kernel (core/kernels/gaussian-inl.h). Development tool, not run by
the build: needs Debian's python3-mpmath.

G(a) = exp(a^2/2) * Phi(-a) for a in [0, 39]: with t = 1/(1 + a/2) in [1/20.5, 1] cut into N intervals
j = min(floor(N t), N - 1), G(a)/t is a polynomial of degree D in s = N t - j - 1/2 per interval (near-minimax
Chebyshev fits), the constant terms kept as pairs of doubles: N = 16, D = 9 (the default, for AVX-512's
two-register permutation and the targets that load each lane's row) and N = 4, D = 14 (AVX2, whose permutation
holds four doubles). exp(r) = 1 + r + r^2 * S(r) on |r| <= ln(2)/2 with S of degree 10.
Prints C++ initialisers and the relative errors with the coefficients rounded to double.

fit_gelu_double.py rational: the f kernel of the targets with fused multiply-add, without pieces: with
s = sqrt(2 pi) rounded to double, 1/G(a) - s a = N(a)/D(a) on [0, 39], N of degree 10 with N(0) = 2 and D of
degree 11 with D(0) = 1 (all coefficients come out positive), fitted by linearised least squares with Lawson's
weights towards the minimax relative error of 1/G; and e^(-w/2) - 1 = w E(w) on |w| <= ln 2 (a little more) with
E of degree 10 and E(0) = -1/2.

Usage: fit_gelu_double.py [N D] | rational
"""
import sys

import mpmath as mp

mp.mp.dps = 50
RATIONAL = len(sys.argv) > 1 and sys.argv[1] == "rational"
INTERVALS, DEGREE = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) > 2 else (16, 9)


def G(a):
    return mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2


def main():
    t_min = 1 / (1 + mp.mpf(39) / 2)
    table = [[None] * INTERVALS for _ in range(DEGREE + 1)]
    low = []
    worst = 0
    for j in range(INTERVALS):
        def f(s, j=j):
            t = (j + mp.mpf("0.5") + s) / INTERVALS
            return G((1 / t - 1) * 2) / t
        lo = t_min * INTERVALS - j - mp.mpf("0.5") if j == 0 else mp.mpf("-0.5")
        hi = mp.mpf("0.5")
        poly, _ = mp.chebyfit(f, [lo, hi], DEGREE + 1, error=True)
        coefficients = poly[::-1]
        for k in range(DEGREE + 1):
            table[k][j] = float(coefficients[k])
        low.append(float(coefficients[0] - mp.mpf(table[0][j])))
        rounded = [mp.mpf(table[0][j]) + mp.mpf(low[j])] + [mp.mpf(table[k][j]) for k in range(1, DEGREE + 1)]
        for i in range(401):
            s = lo + (hi - lo) * i / 400
            worst = max(worst, abs(mp.polyval(rounded[::-1], s) / f(s) - 1))
    print(f"// G(a)/t per interval: relative error {mp.nstr(worst, 3)} with these doubles")
    print("constexpr double kG[%d][%d] = {" % (DEGREE + 1, INTERVALS))
    for k in range(DEGREE + 1):
        print("    {" + ", ".join(repr(v) for v in table[k]) + "},")
    print("};")
    print("constexpr double kG0Lo[%d] = {" % INTERVALS + ", ".join(repr(v) for v in low) + "};")

    half_ln2 = mp.log(2) / 2
    s_poly, _ = mp.chebyfit(lambda r: (mp.exp(r) - 1 - r) / r ** 2 if r != 0 else mp.mpf(1) / 2,
                            [-half_ln2, half_ln2], 11, error=True)
    s_coefficients = [float(c) for c in s_poly[::-1]]
    print("constexpr double kExpS[11] = {" + ", ".join(repr(v) for v in s_coefficients) + "};")


def rational():
    mp.mp.dps = 60
    m, n, nodes, a_max = 10, 11, 400, mp.mpf(39)
    s = mp.mpf(float(mp.sqrt(2 * mp.pi)))
    t_min = 1 / (1 + a_max / 2)
    # Nodes spread in t = 1/(1 + a/2), as the pieces above, so that the tail is sampled as densely as the centre.
    xs = []
    for i in range(nodes):
        t = t_min + (1 - t_min) * (mp.cos(mp.pi * (i + mp.mpf("0.5")) / nodes) + 1) / 2
        xs.append(2 * (1 / t - 1))
    target = [1 / G(a) - s * a for a in xs]

    def value(c, a):
        return mp.polyval(c[::-1], a)

    # Unknowns: N's coefficients 1..m and D's 1..n (N(0) = 2, D(0) = 1 fixed); rows scaled by the weights and
    # by the previous denominator (Sanathanan-Koerner), relative to 1/G.
    weights, previous = [mp.mpf(1)] * nodes, [mp.mpf(1)] * nodes
    best = None
    for _ in range(60):
        A, b = mp.matrix(nodes, m + n), mp.matrix(nodes, 1)
        for i, a in enumerate(xs):
            scale = mp.sqrt(weights[i]) / ((s * a + target[i]) * abs(previous[i]))
            for k in range(1, m + 1):
                A[i, k - 1] = scale * a ** k
            for k in range(1, n + 1):
                A[i, m + k - 1] = -scale * target[i] * a ** k
            b[i] = scale * (target[i] - 2)
        x, _ = mp.qr_solve(A, b)
        num = [mp.mpf(2)] + [x[k] for k in range(m)]
        den = [mp.mpf(1)] + [x[m + k] for k in range(n)]
        previous = [value(den, a) for a in xs]
        errors = [(s * a + value(num, a) / previous[i]) / (s * a + target[i]) - 1 for i, a in enumerate(xs)]
        worst = max(abs(e) for e in errors)
        if best is None or worst < best[0]:
            best = (worst, num, den)
        weights = [w * abs(e) for w, e in zip(weights, errors)]
        total = sum(weights)
        weights = [w / total for w in weights]
    _, num, den = best
    num, den = [float(c) for c in num], [float(c) for c in den]
    worst = 0
    for i in range(4001):
        t = t_min + (1 - t_min) * mp.mpf(i) / 4000
        a = 2 * (1 / t - 1)
        approx = s * a + value([mp.mpf(c) for c in num], a) / value([mp.mpf(c) for c in den], a)
        worst = max(worst, abs(approx * G(a) - 1))
    print(f"// 1/G(a) - s a = N/D: relative error of 1/G {mp.nstr(worst, 3)} with these doubles")
    print("constexpr std::array<double, 11> kDoubleRationalN{" + ", ".join(repr(v) for v in num) + "};")
    print("constexpr std::array<double, 12> kDoubleRationalD{" + ", ".join(repr(v) for v in den) + "};")

    h = mp.log(2) * mp.mpf("1.0002")
    poly = mp.chebyfit(lambda w: (mp.exp(-w / 2) - 1) / w if w != 0 else mp.mpf(-0.5), [-h, h], 11)
    e = [float(c) for c in poly[::-1]]
    e[0] = -0.5
    worst = 0
    for i in range(2001):
        w = -h + 2 * h * i / 2000
        worst = max(worst, abs((w * value([mp.mpf(c) for c in e], w) + 1) / mp.exp(-w / 2) - 1))
    print(f"// e^(-w/2) - 1 = w E(w): relative error of e^(-w/2) {mp.nstr(worst, 3)} with these doubles")
    print("constexpr std::array<double, 11> kDoubleHalfExp{" + ", ".join(repr(v) for v in e) + "};")


if __name__ == "__main__":
    rational() if RATIONAL else main()
