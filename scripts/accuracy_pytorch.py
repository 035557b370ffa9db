#!/usr/bin/python3
"""The accuracy table of README.md: worst error in ulp of PyTorch's exact GELU and of GELU Lab's, in double and
float, over ranges of x, against GELU Lab's double gelu (itself within 4 ulp of the 80-digit reference, which the
test suite checks; float results are compared with the correctly rounded float of it).
Needs a build (build/bin/gelu-lab-cli) and Debian's python3-torch (a reference only, never a dependency).
"""
import math
import os
import struct
import subprocess

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build", "bin", "gelu-lab-cli")
RANGES = [(-3.0, 3.0), (-8.0, -3.0), (-8.37, -8.0), (-38.4, -8.37)]


def ulp(value, float32):
    if float32:
        rounded = struct.unpack("f", struct.pack("f", value))[0]
        if abs(rounded) < 1.1754943508222875e-38:
            return 2.0 ** -149
        return 2.0 ** (math.frexp(rounded)[1] - 24)
    if abs(value) < 2.2250738585072014e-308:
        return 2.0 ** -1074
    return 2.0 ** (math.frexp(value)[1] - 53)


def ours(xs, type_name):
    text = "\n".join(repr(x) for x in xs)
    out = subprocess.run([CLI, "eval", "--function", "gelu", "--type", type_name], input=text, check=True,
                         capture_output=True, text=True).stdout
    return [float(v) for v in out.split()]


def main():
    print("| x range | PyTorch double | GELU Lab double | PyTorch float | GELU Lab float |")
    print("|---|---|---|---|---|")
    for lo, hi in RANGES:
        n = 20001
        xd = [lo + (hi - lo) * i / (n - 1) for i in range(n)]
        xf = [struct.unpack("f", struct.pack("f", x))[0] for x in xd]
        row = []
        for xs, float32 in ((xd, False), (xf, True)):
            exact = ours(xs, "double")
            torch_values = torch.nn.functional.gelu(
                torch.tensor(xs, dtype=torch.float32 if float32 else torch.float64)).tolist()
            mine = ours(xs, "float" if float32 else "double")
            worst_torch = max(abs(t - e) / ulp(e, float32) for t, e in zip(torch_values, exact))
            worst_mine = max(abs(m - e) / ulp(e, float32) for m, e in zip(mine, exact))
            row += [worst_torch, worst_mine]
        cells = [f"{row[0]:.3g}", "(the reference)", f"{row[2]:.3g}", f"{row[3]:.2f}"]
        print(f"| [{lo:g}, {hi:g}] | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
