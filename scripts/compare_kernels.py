#!/usr/bin/python3
"""The kernel table of README.md: GELU Lab's kernels and PyTorch's, measured in the same run, alternating, one
thread each, medians. Needs a build (build/bin/gelu-lab-cli) and Debian's python3-torch for the reference side.

Usage: scripts/compare_kernels.py [ROUNDS]
"""
import json
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLI = os.path.join(ROOT, "build", "bin", "gelu-lab-cli")
TORCH = os.path.join(ROOT, "scripts", "bench_pytorch.py")


def ours(function, type_name, n, order=0):
    out = subprocess.run([CLI, "bench", "kernel", "--function", function, "--type", type_name, "--n", str(n),
                          "--order", str(order), "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["gelem_per_s"]


def pytorch(function, type_name, n):
    out = subprocess.run(["/usr/bin/python3", TORCH, function, type_name, str(n)], check=True, capture_output=True,
                         text=True).stdout
    return json.loads(out)["gelem_per_s"]


ROWS = [
    # label, our kernel, the baseline's kernel, baseline label, goal; a kernel is (side, function, type, n[, order])
    ("`gelu` float, 10⁶", ("ours", "gelu", "float", 10**6), ("pytorch", "gelu", "float", 10**6),
     "PyTorch `gelu` float", "≥ 0.8× (aim 1×)"),
    ("`gelu_tanh` float, 10⁶", ("ours", "gelu_tanh", "float", 10**6), ("pytorch", "gelu_tanh", "float", 10**6),
     "PyTorch tanh form, float", "≥ 3×"),
    ("`silu` float, 10⁶", ("ours", "silu", "float", 10**6), ("pytorch", "silu", "float", 10**6),
     "PyTorch `silu` float", "—"),
    ("`sigmoid` float, 10⁶", ("ours", "sigmoid", "float", 10**6), ("pytorch", "sigmoid", "float", 10**6),
     "PyTorch `sigmoid` float", "—"),
    ("`gelu_sigmoid` float, 10⁶", ("ours", "gelu_sigmoid", "float", 10**6), ("pytorch", "gelu", "float", 10**6),
     "PyTorch `gelu` float", "—"),
    ("`gelu` double, 10⁶", ("ours", "gelu", "double", 10**6), ("pytorch", "gelu", "double", 10**6),
     "PyTorch `gelu` double", "≥ 5×"),
    ("`relu` float, 10⁷", ("ours", "relu", "float", 10**7), ("ours", "copy", "float", 10**7),
     "a plain copy, float, 10⁷", "≥ 0.8×"),
    ("`gelu` f′ float, 10⁶", ("ours", "gelu", "float", 10**6, 1), ("ours", "gelu", "float", 10**6),
     "our `gelu` f float", "≥ 1/1.5×"),
    ("`gelu` f′ float, 10⁶", ("ours", "gelu", "float", 10**6, 1), ("pytorch", "gelu_backward", "float", 10**6),
     "PyTorch `gelu_backward` float", "—"),
]


def measure(kernel):
    side, *arguments = kernel
    return {"ours": ours, "pytorch": pytorch}[side](*arguments)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print("| kernel | ours (Gelem/s) | baseline | baseline (Gelem/s) | ratio | goal |")
    print("|---|---|---|---|---|---|")
    for label, mine, base, base_label, goal in ROWS:
        a, b = [], []
        for _ in range(rounds):
            a.append(measure(mine))
            b.append(measure(base))
        ma, mb = statistics.median(a), statistics.median(b)
        print(f"| {label} | {ma:.3f} | {base_label} | {mb:.3f} | {ma / mb:.2f}× | {goal} |", flush=True)


if __name__ == "__main__":
    main()
