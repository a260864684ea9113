#!/usr/bin/env python3
"""The floor under `aetui bench`: only the matrix multiplies of a training epoch, in NumPy (which
calls its BLAS, OpenBLAS in the PyPI wheel), with nothing else of training around them.

Per step of a batch of B images, for every dense layer (inputs -> outputs) of the model: the
forward product X·W (B x outputs), the weight gradient Xᵀ·dZ (inputs x outputs) and, except for
the first layer, the input gradient dZ·Wᵀ (B x inputs): the 17 GEMMs of a standard-AE step that
aetui counts (35.37 GFLOP per 10,000-image epoch). Outputs are preallocated and reused; an epoch
is ceil(10000 / B) steps, the last one smaller, as in training.

    python3 Benchmarks/reference/numpy_gemm_floor.py --models standard --batches 48 --threads 1
"""

import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the repo


def _single_thread_count(argv):
    """The value of --threads when it names one count (each case then runs in its own process)."""
    for index, argument in enumerate(argv):
        value = argv[index + 1] if argument == "--threads" and index + 1 < len(argv) else \
            argument.split("=", 1)[1] if argument.startswith("--threads=") else None
        if value is not None and value.strip().isdigit():
            return value.strip()
    return None


# BLAS libraries size their thread pools when NumPy loads: set the count before `common` imports it.
_threads = _single_thread_count(sys.argv)
if _threads:
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = _threads

import time  # noqa: E402

import common  # noqa: E402


def blas_name(np):
    """`numpy 2.x.y / OpenBLAS 0.3.z` (or whatever BLAS NumPy was built with)."""
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        return f"numpy {np.__version__} / {blas.get('name', 'blas')} {blas.get('version', '')}".strip()
    except Exception:  # older NumPy: no dict mode
        return f"numpy {np.__version__}"


def run_case(model, batch, threads, epochs, images, labels):
    import numpy as np

    rng = np.random.default_rng(common.SEED)
    layers = [(inputs, outputs) for inputs, outputs, _ in common.layers(model)]
    weights = [rng.uniform(-0.1, 0.1, (i, o)).astype(np.float32) for i, o in layers]
    gradients = [np.empty((i, o), np.float32) for i, o in layers]
    count = len(images)
    sizes = sorted({batch, count % batch} - {0})

    def buffers(rows):
        """Inputs, outputs and their gradients of every layer for a batch of `rows`."""
        xs = [images[:rows]] + [rng.random((rows, o), dtype=np.float32) for _, o in layers[:-1]]
        return {"x": xs, "y": [np.empty((rows, o), np.float32) for _, o in layers],
                "dz": [rng.random((rows, o), dtype=np.float32) for _, o in layers],
                "dx": [np.empty((rows, i), np.float32) for i, _ in layers]}

    per_size = {rows: buffers(rows) for rows in sizes}

    def step(b):
        for index, w in enumerate(weights):
            np.matmul(b["x"][index], w, out=b["y"][index])
            np.matmul(b["x"][index].T, b["dz"][index], out=gradients[index])
            if index > 0:  # the image needs no gradient
                np.matmul(b["dz"][index], w.T, out=b["dx"][index])

    def epoch():
        start = time.perf_counter()
        for first in range(0, count, batch):
            step(per_size[min(batch, count - first)])
        return time.perf_counter() - start

    epoch()  # warm-up
    return f"{blas_name(np)} (GEMMs only)", [epoch() for _ in range(epochs)]


if __name__ == "__main__":
    sys.exit(common.main("numpy", __doc__, run_case,
                         what=f"the GEMMs alone of a training epoch ({common.TRAIN_COUNT} images)"))
