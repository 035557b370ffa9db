#!/usr/bin/python3
"""Writes tests/data/gelu_general.csv: x*Phi((x - mu)/sigma) and its first two derivatives at 50 digits, for
several mu and sigma, at the exact doubles x, mu, sigma, with the condition numbers |x g'(x) / g(x)| of each.
Development tool (Debian's python3-mpmath); the CSV is committed and the tests read it.
"""
import os

import mpmath as mp

mp.mp.dps = 60
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def derivatives(x, mu, sigma):
    z = (x - mu) / sigma
    phi = mp.npdf(z)
    f = x * mp.ncdf(z)
    d1 = mp.ncdf(z) + x / sigma * phi
    d2 = phi / sigma * (2 - x * z / sigma)
    # f''' = d/dx [phi(z)/sigma * (2 - x z / sigma)]
    d3 = phi / sigma * (-z / sigma * (2 - x * z / sigma) - (z + x / sigma) / sigma)
    return f, d1, d2, d3


def cond(x, g, dg):
    return abs(x * dg / g) if g != 0 else mp.mpf(0)


def main():
    rows = ["mu,sigma,x,f,df,d2f,cond_f,cond_df,cond_d2f"]
    zs = [-38, -35, -30, -25, -20, -15, -12, -10.5, -9.5, -8, -6, -4, -3, -2, -1.3, -1, -0.7, -0.3, 0, 0.3, 0.7,
          1, 2, 3, 5, 8, 9.5]
    for mu in (-1.5, 0.5, 2.0):
        for sigma in (0.3, 1.7, 4.0):
            for zv in zs:
                x = float(mp.mpf(mu) + mp.mpf(sigma) * zv)  # the double nearest
                X, M, S = mp.mpf(x), mp.mpf(mu), mp.mpf(sigma)
                f, d1, d2, d3 = derivatives(X, M, S)
                values = [mp.nstr(v, 21, min_fixed=1, max_fixed=0) for v in (f, d1, d2)]
                conds = [mp.nstr(c, 3) for c in (cond(X, f, d1), cond(X, d1, d2), cond(X, d2, d3))]
                rows.append(",".join([repr(mu), repr(sigma), repr(x)] + values + conds))
    with open(os.path.join(ROOT, "tests", "data", "gelu_general.csv"), "w") as out:
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
