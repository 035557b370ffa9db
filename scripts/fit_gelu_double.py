#!/usr/bin/python3
"""Fits the coefficients of the double gelu kernel (core/kernels/gaussian-inl.h). Development tool, not run by
the build: needs Debian's python3-mpmath.

G(a) = exp(a^2/2) * Phi(-a) for a in [0, 39]: with t = 1/(1 + a/2) in [1/20.5, 1] cut into N intervals
j = min(floor(N t), N - 1), G(a)/t is a polynomial of degree D in s = N t - j - 1/2 per interval (near-minimax
Chebyshev fits), the constant terms kept as pairs of doubles: N = 16, D = 9 (the default, for AVX-512's
two-register permutation and the targets that load each lane's row) and N = 4, D = 14 (AVX2, whose permutation
holds four doubles). exp(r) = 1 + r + r^2 * S(r) on |r| <= ln(2)/2 with S of degree 10.
Prints C++ initialisers and the relative errors with the coefficients rounded to double.

Usage: fit_gelu_double.py [N D]
"""
import sys

import mpmath as mp

mp.mp.dps = 50
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


if __name__ == "__main__":
    main()
