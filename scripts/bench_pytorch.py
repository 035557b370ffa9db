#!/usr/bin/python3
"""PyTorch's CPU kernels, timed like `gelu-lab-cli bench kernel`: one thread, a preallocated output, x drawn from
N(0, 4^2) with a fixed seed, the median over repeats. A reference to measure against, never a dependency of GELU
Lab: needs Debian's python3-torch. Prints one JSON object per line with the keys of `bench kernel --json`.

Usage: bench_pytorch.py FUNCTION TYPE N [REPEATS]   (FUNCTION: gelu, gelu_tanh, relu, copy, gelu_backward, silu, sigmoid)
"""
import json
import statistics
import sys
import time

import torch


def main():
    function, type_name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 101
    torch.set_num_threads(1)
    dtype = {"float": torch.float32, "double": torch.float64}[type_name]
    generator = torch.Generator().manual_seed(160608415)
    x = (4 * torch.randn(n, generator=generator, dtype=torch.float64)).to(dtype)
    y = torch.empty_like(x)
    ones = torch.ones_like(x)
    kernels = {
        "gelu": lambda: torch._C._nn.gelu(x, out=y),
        "gelu_tanh": lambda: torch._C._nn.gelu(x, approximate="tanh", out=y),
        "relu": lambda: torch.clamp_min(x, 0, out=y),
        "copy": lambda: y.copy_(x),
        "gelu_backward": lambda: torch.ops.aten.gelu_backward.grad_input(ones, x, grad_input=y),
        "silu": lambda: torch._C._nn.silu(x, out=y),
        "sigmoid": lambda: torch.sigmoid(x, out=y),
    }
    kernel = kernels[function]
    kernel()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        kernel()
        seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({"function": function, "type": type_name, "n": n, "threads": 1, "order": 0,
                      "gelem_per_s": n / median / 1e9, "median_ms": median * 1e3, "repeats": repeats,
                      "implementation": "pytorch " + torch.__version__}))


if __name__ == "__main__":
    main()
