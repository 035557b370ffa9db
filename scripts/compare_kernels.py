#!/usr/bin/python3
"""The kernel table of README.md: GELU Lab's kernels on every SIMD target this processor runs (forced with
GELULAB_SIMD) and PyTorch's, at its best and forced to AVX2 (ATEN_CPU_CAPABILITY=avx2), measured alternately in
the same run, one thread each, medians. Needs a build (build/bin/gelu-lab-cli) and Debian's python3-torch for the
reference side; PyTorch runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset.

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


def environment(**changes):
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "GELULAB_SIMD",
                                                            "ATEN_CPU_CAPABILITY")}
    env.update({k: v for k, v in changes.items() if v})
    return env


def ours(target, function, type_name, n, order=0):
    out = subprocess.run([CLI, "bench", "kernel", "--function", function, "--type", type_name, "--n", str(n),
                          "--order", str(order), "--json"], check=True, capture_output=True, text=True,
                         env=environment(GELULAB_SIMD=target)).stdout
    result = json.loads(out)
    assert result["target"] == target, (result["target"], target)
    return result["gelem_per_s"]


def pytorch(capability, function, type_name, n):
    out = subprocess.run(["/usr/bin/python3", TORCH, function, type_name, str(n)], check=True, capture_output=True,
                         text=True, env=environment(ATEN_CPU_CAPABILITY=capability)).stdout
    return json.loads(out)["gelem_per_s"]


def targets():
    out = subprocess.run([CLI, "--version"], check=True, capture_output=True, text=True).stdout
    line = [l for l in out.splitlines() if l.startswith("SIMD target:")][0]
    return line.split("runs ")[1].split(";")[0].split(", ")


ROWS = [
    # label, (function, type, n[, order]) of ours, the baseline: ("pytorch", function) or ("ours", function,
    # order) on the same target, baseline label, goal
    ("`gelu` float", ("gelu", "float", 10**6), ("pytorch", "gelu"), "PyTorch `gelu`", "≥ 0.8×"),
    ("`gelu_tanh` float", ("gelu_tanh", "float", 10**6), ("pytorch", "gelu_tanh"), "PyTorch tanh form", "≥ 3×"),
    ("`silu` float", ("silu", "float", 10**6), ("pytorch", "silu"), "PyTorch `silu`", "—"),
    ("`sigmoid` float", ("sigmoid", "float", 10**6), ("pytorch", "sigmoid"), "PyTorch `sigmoid`", "—"),
    ("`gelu_sigmoid` float", ("gelu_sigmoid", "float", 10**6), ("pytorch", "gelu"), "PyTorch `gelu`", "—"),
    ("`gelu` double", ("gelu", "double", 10**6), ("pytorch", "gelu"), "PyTorch `gelu` double", "≥ 5×"),
    ("`gelu` f′ float", ("gelu", "float", 10**6, 1), ("pytorch", "gelu_backward"), "PyTorch `gelu_backward`", "—"),
    ("`relu` float, 10⁷", ("relu", "float", 10**7), ("ours", "copy", 0), "a plain copy", "≥ 0.8×"),
]


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    ours_targets = targets()
    best = ours_targets[0]
    header = " | ".join(ours_targets)
    print(f"| kernel, one thread, Gelem/s | {header} | baseline | at its best | forced to avx2 | ratio, {best} | "
          "ratio, avx2 | goal |")
    print("|---" * (len(ours_targets) + 7) + "|")
    for label, mine, base, base_label, goal in ROWS:
        function, type_name, n, *order = mine
        mine_values = {t: [] for t in ours_targets}
        base_best, base_avx2 = [], []
        for _ in range(rounds):
            for t in ours_targets:
                mine_values[t].append(ours(t, function, type_name, n, *order))
            if base[0] == "pytorch":
                base_best.append(pytorch("", base[1], type_name, n))
                base_avx2.append(pytorch("avx2", base[1], type_name, n))
            else:
                base_best.append(ours(best, base[1], type_name, n, base[2]))
                if "avx2" in ours_targets:
                    base_avx2.append(ours("avx2", base[1], type_name, n, base[2]))
        med = {t: statistics.median(v) for t, v in mine_values.items()}
        bb = statistics.median(base_best)
        ba = statistics.median(base_avx2) if base_avx2 else float("nan")
        ratio_avx2 = f"{med['avx2'] / ba:.2f}×" if "avx2" in med and base_avx2 else "—"
        values = " | ".join(f"{med[t]:.3f}" for t in ours_targets)
        print(f"| {label} | {values} | {base_label} | {bb:.3f} | {ba:.3f} | {med[best] / bb:.2f}× | {ratio_avx2} | "
              f"{goal} |", flush=True)


if __name__ == "__main__":
    main()
