#!/usr/bin/python3
"""Fits the coefficients of the float gelu kernels (core/kernels/gaussian-inl.h).

Development tool, not run by the build: needs Debian's python3-numpy and python3-mpmath.

gelu f (fit_pieces, fit_half_exp): H(a) = a * exp(a^2/2) * Phi(-a) on eight pieces of a in [0, 14.5] (the
exponent and top mantissa bit of a + 1), a polynomial of degree 7 in s = a - c_j on each, minimising the relative
error. The centre c_j of each piece (but the first, where c_0 = 0 and H(0) = 0) is a float near its middle where
H(c_j) lies within 1/500 ulp of a float, which becomes the exact constant term. exp(-w/2) - 1 = w * E(w) on
|w| <= ln 2 gets E of degree 5.

gelu f' (fit_mills, fit_exp): G(a) = exp(a^2/2) * Phi(-a) on a in [0, 14.5] is fitted as t * P(t - centre) with t = 1/(1 + a/2), P of degree 11,
minimising the relative error (Lawson's iteration on Chebyshev nodes in t). The constant term is kept as a pair
of floats; the other coefficients are rounded to float one at a time, refitting the rest after each rounding.
exp(r) = 1 + r + r^2 * S(r) on |r| <= ln(2)/2 gets S of degree 4 the same way.
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40


def f32(v):
    return float(np.float32(v))


def lawson(V, target, weight_scale, iterations=60):
    w = np.ones(len(target))
    for _ in range(iterations):
        W = np.sqrt(w) * weight_scale
        c, *_ = np.linalg.lstsq(V * W[:, None], target * W, rcond=None)
        r = np.abs(V @ c - target) * weight_scale
        w = w * (r + 1e-30)
        w /= w.sum()
    return c


def fit_mills(degree=11, a_max=14.5, p=0.5, nodes=5000):
    t_lo, t_hi = 1 / (1 + p * a_max), 1.0
    centre = f32((t_lo + t_hi) / 2)
    k = np.arange(nodes)
    t = (t_lo + t_hi) / 2 + (t_hi - t_lo) / 2 * np.cos(np.pi * (k + 0.5) / nodes)
    a = (1 / t - 1) / p
    G = np.array([float(mp.exp(x * x / 2) * mp.erfc(x / mp.sqrt(2)) / 2) for x in map(mp.mpf, a)])
    V = np.vander(t - centre, degree + 1, increasing=True)
    scale = t / G  # relative error of t * P
    c = lawson(V, G / t, scale)
    p0_hi = f32(c[0])
    p0_lo = f32(c[0] - p0_hi)
    fixed = [p0_hi + p0_lo]
    for j in range(1, degree + 1):
        rest = lawson(V[:, j:], G / t - V[:, :j] @ np.array(fixed), scale)
        fixed.append(f32(rest[0]))
    error = np.max(np.abs(t * (V @ np.array(fixed)) / G - 1))
    return centre, p0_hi, p0_lo, fixed[1:], error


BOUNDS = [0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 11.0, 14.5]


def H(a):
    a = mp.mpf(a)
    return a * mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2


def gal_centre(lo, hi):
    """A float near (lo + hi)/2 where H is closest to a float (stops below 1/512 ulp): (distance, centre, H)."""
    mid, best = (lo + hi) / 2, None
    for k in range(4000):
        c = f32(mid + (k // 2) * (1 if k % 2 else -1) * 1e-4 * (hi - lo))
        v = H(c)
        f = f32(float(v))
        distance = abs(float(v - mp.mpf(f))) / float(np.spacing(np.float32(f)))
        if best is None or distance < best[0]:
            best = (distance, c, f)
        if distance < 1 / 512:
            break
    return best


def fit_pieces(degree=7, nodes=600, margin=1e-5):
    """Per piece: (centre, coefficients c_0..c_degree as floats, relative error, constant's distance in ulp)."""
    rows = []
    for j in range(8):
        lo, hi = BOUNDS[j], BOUNDS[j + 1]
        # a + 1 rounds, so a piece is entered up to an ulp of a + 1 beyond its bounds.
        lo_f, hi_f = max(0.0, lo - margin), hi + margin
        a = (lo_f + hi_f) / 2 + (hi_f - lo_f) / 2 * np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes)
        y = np.array([float(H(v)) for v in a])
        distance, centre, c0 = (0.0, 0.0, 0.0) if j == 0 else gal_centre(lo, hi)
        V = np.vander(a - centre, degree + 1, increasing=True)
        fixed = [c0]
        for m in range(1, degree + 1):
            rest = lawson(V[:, m:], y - V[:, :m] @ np.array(fixed), 1 / y)
            fixed.append(f32(rest[0]))
        rows.append((centre, fixed, np.max(np.abs(V @ np.array(fixed) / y - 1)), distance))
    return rows


def fit_half_exp(degree=6, nodes=3000):
    """exp(-w/2) - 1 = w * E(w), |w| <= ln 2: E's coefficients as floats and the relative error of exp(-w/2)."""
    w = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes) * np.log(2) * 1.0005
    e = np.array([float(mp.exp(-mp.mpf(v) / 2)) for v in w])
    q = np.array([float(mp.expm1(-mp.mpf(v) / 2)) for v in w])
    V = np.vander(w, degree + 1, increasing=True)[:, 1:]
    fixed = []
    for m in range(degree):
        rest = lawson(V[:, m:], q - (V[:, :m] @ np.array(fixed) if m else 0), 1 / e)
        fixed.append(f32(rest[0]))
    return fixed, np.max(np.abs(V @ np.array(fixed) - q) / e)


def fit_exp(degree=4, nodes=2000):
    r = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes) * np.log(2) / 2
    e = np.exp(r)
    V = np.vander(r, degree + 3, increasing=True)[:, 2:]
    c = lawson(V, e - 1 - r, 1 / e)
    c = np.array([f32(x) for x in c])
    return c, np.max(np.abs(V @ c - (e - 1 - r)) / e)


if __name__ == "__main__":
    rows = fit_pieces()
    print("pieces (centre, relative error, constant's distance from a float in ulp):")
    for centre, _, err, distance in rows:
        print(f"  {centre!r}f  {err:.2e}  {distance:.4f}")
    for m in range(len(rows[0][1])):
        print("  {" + ", ".join(repr(r[1][m]) + "f" for r in rows) + "},")
    e, err = fit_half_exp()
    print(f"E (relative error {err:.2e}):", ", ".join(repr(c) + "f" for c in e))
    centre, hi, lo, rest, err = fit_mills()
    print(f"centre {centre!r}  P0 = {hi!r} + {lo!r}  relative error {err:.2e}")
    print("P1..P11:", ", ".join(repr(c) + "f" for c in rest))
    s, err = fit_exp()
    print(f"exp S (relative error {err:.2e}):", ", ".join(repr(float(c)) + "f" for c in s))
