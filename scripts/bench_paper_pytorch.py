#!/usr/bin/python3
"""One run of the paper's digits classifier, PyTorch against GELU Lab, side by side in the same session.

The same work on both sides: the UCI digits (resources/digits/digits.csv, pixels / 16), 1,200 training images,
an 8 x 128 MLP with softmax output, Adam (lr 1e-3), batch 128, 50 epochs, the training order reshuffled every
epoch, and after every epoch the loss and accuracy on the training and the 300 test images. PyTorch (Debian's
python3-torch) and GELU Lab (`gelu-lab-cli paper`, one run, nothing taken from its cache of kept runs) both run
with THREADS threads. Each side runs REPEATS times alternately; the script prints the medians, their ratio and
PyTorch's final test accuracy.

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and Debian's libopenblas0-pthread installed (PyTorch's
BLAS is then OpenBLAS, which picks its kernels for this CPU). A reference to measure against, never a
dependency of GELU Lab.

Usage: bench_paper_pytorch.py [ACTIVATION] [REPEATS] [THREADS]   (ACTIVATION: gelu, relu, elu; default gelu 3 1)
"""
import json
import os
import statistics
import subprocess
import sys
import time

import numpy
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pytorch_run(activation, x_train, y_train, x_test, y_test, seed):
    torch.manual_seed(seed)
    layers, width = [], 64
    for _ in range(8):
        layers += [torch.nn.Linear(width, 128),
                   {"gelu": torch.nn.GELU(), "relu": torch.nn.ReLU(), "elu": torch.nn.ELU()}[activation]]
        width = 128
    layers.append(torch.nn.Linear(width, 10))
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    for _ in range(50):
        order = torch.randperm(len(x_train))
        for i in range(0, len(x_train), 128):
            batch = order[i:i + 128]
            optimizer.zero_grad()
            loss = loss_fn(net(x_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            for x, y in ((x_train, y_train), (x_test, y_test)):
                out = net(x)
                loss_fn(out, y).item()
                accuracy = (out.argmax(1) == y).float().mean().item()
    return time.perf_counter() - start, accuracy


def gelulab_run(activation, threads):
    cli = os.path.join(ROOT, "build", "bin", "gelu-lab-cli")
    out = subprocess.run([cli, "paper", "--experiment", "digits-classification", "--compare", activation,
                          "--seeds", "1", "--dropout", "0", "--lr", "0.001", "--threads", str(threads), "--no-cache",
                          "--json"],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["seconds"], 1.0 - result["activations"][activation]["median_test_error"]


def main():
    activation = sys.argv[1] if len(sys.argv) > 1 else "gelu"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if variable in os.environ:
            sys.exit(f"unset {variable}: OpenBLAS should pick its kernels for this CPU")
    torch.set_num_threads(threads)
    data = numpy.loadtxt(os.path.join(ROOT, "resources", "digits", "digits.csv"), delimiter=",")
    rng = numpy.random.default_rng(1)
    order = rng.permutation(len(data))
    x = torch.tensor(data[order, :64] / 16.0, dtype=torch.float32)
    y = torch.tensor(data[order, 64], dtype=torch.long)
    x_train, y_train, x_test, y_test = x[:1200], y[:1200], x[1200:1500], y[1200:1500]
    ours, theirs, accuracy = [], [], 0.0
    for k in range(repeats):
        seconds, accuracy = pytorch_run(activation, x_train, y_train, x_test, y_test, k + 1)
        theirs.append(seconds)
        ours.append(gelulab_run(activation, threads)[0])
    print(json.dumps({"activation": activation, "repeats": repeats, "threads": threads,
                      "torch": torch.__version__, "blas": blas(),
                      "pytorch_seconds": statistics.median(theirs), "gelulab_seconds": statistics.median(ours),
                      "ratio": statistics.median(ours) / statistics.median(theirs),
                      "pytorch_test_accuracy": accuracy}))


def blas():
    """The BLAS library the process has loaded (OpenBLAS, or the reference BLAS), by its file name."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    return sorted(names, key=lambda name: "openblas" not in name)[0] if names else "none found"


if __name__ == "__main__":
    main()
