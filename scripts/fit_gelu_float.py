#!/usr/bin/python3
"""Fits the coefficients of the float gelu kernel (core/float_kernels.cpp).

Development tool, not run by the build: needs Debian's python3-numpy and python3-mpmath.

G(a) = exp(a^2/2) * Phi(-a) on a in [0, 14.5] is fitted as t * P(t - centre) with t = 1/(1 + a/2), P of degree 11,
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


def fit_exp(degree=4, nodes=2000):
    r = np.cos(np.pi * (np.arange(nodes) + 0.5) / nodes) * np.log(2) / 2
    e = np.exp(r)
    V = np.vander(r, degree + 3, increasing=True)[:, 2:]
    c = lawson(V, e - 1 - r, 1 / e)
    c = np.array([f32(x) for x in c])
    return c, np.max(np.abs(V @ c - (e - 1 - r)) / e)


if __name__ == "__main__":
    centre, hi, lo, rest, err = fit_mills()
    print(f"centre {centre!r}  P0 = {hi!r} + {lo!r}  relative error {err:.2e}")
    print("P1..P11:", ", ".join(repr(c) + "f" for c in rest))
    s, err = fit_exp()
    print(f"exp S (relative error {err:.2e}):", ", ".join(repr(float(c)) + "f" for c in s))
