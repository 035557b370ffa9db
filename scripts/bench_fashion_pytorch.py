#!/usr/bin/python3
"""An epoch of the paper's classifier on Fashion-MNIST, PyTorch against GELU Lab, side by side in one session.

The same work on both sides: 55,000 training images of 28 x 28 pixels (Debian's dataset-fashion-mnist, pixels
/ 255), an 8 x 128 MLP with softmax output, Adam (lr 1e-3), batch 128, the training order reshuffled every
epoch. Timed as PyTorch's loop is usually timed: the training pass alone (every mini-batch's forward, backward
and update), no evaluation, no loading; the median over EPOCHS epochs. GELU Lab is `gelu-lab-cli paper
--experiment fashion-classification --no-cache` with one run and its `train_seconds_per_epoch`; both sides use THREADS
threads. The sides run alternately, REPEATS times each; the script prints the medians and their ratio.

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset and Debian's libopenblas0-pthread installed (PyTorch's
BLAS is then OpenBLAS, which picks its kernels for this CPU; Debian's default reference BLAS is several times
slower and proves nothing). A reference to measure against, never a dependency of GELU Lab.

Usage: bench_fashion_pytorch.py [ACTIVATION] [EPOCHS] [THREADS] [REPEATS]   (default gelu 3 1 2)
"""
import gzip
import json
import os
import statistics
import subprocess
import sys
import time

import numpy
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(os.path.join(DATA, name + ".gz")) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return numpy.frombuffer(raw, dtype=numpy.uint8, offset=4 + 4 * dims).reshape(shape)


def pytorch_epochs(activation, x, y, epochs, seed):
    torch.manual_seed(seed)
    layers, width = [], x.shape[1]
    for _ in range(8):
        layers += [torch.nn.Linear(width, 128),
                   {"gelu": torch.nn.GELU(), "relu": torch.nn.ReLU(), "elu": torch.nn.ELU()}[activation]]
        width = 128
    layers.append(torch.nn.Linear(width, 10))
    net = torch.nn.Sequential(*layers)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 128):
            batch = order[i:i + 128]
            optimizer.zero_grad()
            loss = loss_fn(net(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds)


def gelulab_epochs(activation, epochs, threads):
    cli = os.path.join(ROOT, "build", "bin", "gelu-lab-cli")
    out = subprocess.run([cli, "paper", "--experiment", "fashion-classification", "--compare", activation,
                          "--seeds", "1", "--dropout", "0", "--lr", "0.001", "--epochs", str(epochs),
                          "--threads", str(threads), "--no-cache", "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["train_seconds_per_epoch"]


def main():
    activation = sys.argv[1] if len(sys.argv) > 1 else "gelu"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    for variable in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if variable in os.environ:
            sys.exit(f"unset {variable}: OpenBLAS should pick its kernels for this CPU")
    torch.set_num_threads(threads)
    x = torch.tensor(idx("train-images-idx3-ubyte")[:55000].reshape(55000, -1) / 255.0, dtype=torch.float32)
    y = torch.tensor(idx("train-labels-idx1-ubyte")[:55000], dtype=torch.long)
    ours, theirs = [], []
    for k in range(repeats):
        theirs.append(pytorch_epochs(activation, x, y, epochs, k + 1))
        ours.append(gelulab_epochs(activation, epochs, threads))
    print(json.dumps({"activation": activation, "epochs": epochs, "threads": threads, "repeats": repeats,
                      "torch": torch.__version__, "blas": blas(),
                      "pytorch_train_seconds_per_epoch": statistics.median(theirs),
                      "gelulab_train_seconds_per_epoch": statistics.median(ours),
                      "ratio": statistics.median(ours) / statistics.median(theirs)}))


def blas():
    """The BLAS library the process has loaded (OpenBLAS, or the reference BLAS), by its file name."""
    with open("/proc/self/maps") as maps:
        names = {line.split()[-1] for line in maps if "blas" in line.split()[-1]}
    return sorted(names, key=lambda name: "openblas" not in name)[0] if names else "none found"


if __name__ == "__main__":
    main()
