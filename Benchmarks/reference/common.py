"""Shared code of the reference benchmarks: the models, the hyperparameters, MNIST loading, the FLOP
count, the case driver and the tables. Standard library and numpy only: the framework scripts import
their framework lazily, inside `run_case`, so that thread counts are set before it starts."""

import argparse
import gzip
import importlib.util
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO_ROOT / "sample-data" / "mnist"

# Seed protocol and the seed defaults of aetui (Keras semantics).
TRAIN_COUNT = 10_000  # train = the first 10,000 images of the training file
LEARNING_RATE = 0.005  # RMSprop
RHO = 0.9
EPSILON = 1e-7
CE_WEIGHT = 0.5  # supervised loss = 1.0 * MSE + 0.5 * categorical cross-entropy
SEED = 1

# Dense layers as (inputs, outputs, activation); weights Glorot-uniform, biases zero.
ENCODER = ((784, 392, "relu"), (392, 98, "relu"), (98, 2, "linear"))
DECODER = ((2, 98, "relu"), (98, 392, "relu"), (392, 784, "sigmoid"))
CLASSIFIER = ((2, 40, "relu"), (40, 40, "relu"), (40, 10, "softmax"))  # on the 2-unit bottleneck
MODELS = ("standard", "supervised")

# name -> (script, modules it needs, how to install them); compare.py uses this too.
FRAMEWORKS = {
    "pytorch": ("pytorch_bench.py", ("torch",), "pip install torch"),
    "keras": ("keras_bench.py", ("tensorflow", "keras"), "pip install tensorflow-cpu"),
    "numpy": ("numpy_gemm_floor.py", ("numpy",), "pip install numpy"),
}


def layers(model):
    return ENCODER + DECODER + (CLASSIFIER if model == "supervised" else ())


def flops_per_sample(model):
    """Matrix-multiply FLOPs of one training step per sample, counted like `aetui bench`: forward
    X·W, backward Xᵀ·dY and dY·Wᵀ for every layer (2 FLOPs per multiply-add each), except dY·Wᵀ of
    the first layer (the image needs no gradient). 35.4 GFLOP per epoch for the standard AE."""
    macs = [inputs * outputs for inputs, outputs, _ in layers(model)]
    return 6 * sum(macs) - 2 * macs[0]


# --- MNIST ---------------------------------------------------------------------------------------

def _idx_file(directory, name):
    for candidate in (directory / (name + ".gz"), directory / name):
        if candidate.exists():
            return candidate
    raise SystemExit(f"error: {directory}: neither {name}.gz nor {name} found (use --data DIR)")


def _read_idx(path, ndim, count):
    """The first `count` items of an IDX file (raw or gzip): big-endian magic 0x0000080<ndim>, one
    big-endian uint32 per dimension, then uint8 data. Reads only what it needs."""
    with (gzip.open if path.suffix == ".gz" else open)(path, "rb") as file:
        header = file.read(4 + 4 * ndim)
        magic = int.from_bytes(header[:4], "big")
        if magic != 0x800 + ndim:
            raise SystemExit(f"error: {path}: bad IDX magic {magic:#010x}, expected {0x800 + ndim:#010x}")
        dims = [int.from_bytes(header[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
        if dims[0] < count:
            raise SystemExit(f"error: {path}: {dims[0]} items, need {count}")
        item = int(np.prod(dims[1:], dtype=np.int64))
        data = file.read(count * item)
    if len(data) != count * item:
        raise SystemExit(f"error: {path}: truncated")
    return np.frombuffer(data, np.uint8).reshape([count] + dims[1:])


def load_train(directory, count=TRAIN_COUNT, prefix="train"):
    """Seed-protocol training set: images as float32 (count, 784) in [0, 1], labels as int64."""
    directory = Path(directory)
    images = _read_idx(_idx_file(directory, f"{prefix}-images-idx3-ubyte"), 3, count)
    labels = _read_idx(_idx_file(directory, f"{prefix}-labels-idx1-ubyte"), 1, count)
    return images.reshape(count, -1).astype(np.float32) / 255, labels.astype(np.int64)


def load_test(directory):
    """The t10k test set, as `load_train` returns it."""
    return load_train(directory, 10_000, prefix="t10k")


# --- results -------------------------------------------------------------------------------------

def peak_rss_mb():
    """Peak resident memory of this process (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def result(framework, model, batch, threads, epoch_seconds, samples=TRAIN_COUNT):
    """One JSON line with the keys of `aetui bench --json` "bench" lines (no kernel or peak_gflops:
    those are aetui's), plus framework, epoch_seconds and peak_rss_mb."""
    ordered = sorted(epoch_seconds)
    median = ordered[len(ordered) // 2]  # the same (upper) median as aetui for an even count
    flops = flops_per_sample(model) * samples
    return {
        "type": "bench", "framework": framework, "model": model, "batch": batch, "threads": threads,
        "seconds_per_epoch": median, "best_seconds_per_epoch": ordered[0],
        "epoch_seconds": list(epoch_seconds), "samples_per_second": samples / median,
        "gflops": flops / median / 1e9, "gflop_per_epoch": flops / 1e9, "peak_rss_mb": peak_rss_mb(),
    }


class Table:
    """A fixed-width text table printed row by row, so long runs show progress. Columns are
    (title, width, format); the first is left-aligned; None prints as '-'."""

    def __init__(self, columns):
        self.columns = columns

    def header(self):
        print(self._line([title for title, _, _ in self.columns]), flush=True)

    def row(self, values):
        cells = ["-" if value is None else fmt.format(value)
                 for value, (_, _, fmt) in zip(values, self.columns)]
        print(self._line(cells), flush=True)

    def _line(self, cells):
        return "  ".join(cell.ljust(width) if index == 0 else cell.rjust(width)
                         for index, (cell, (_, width, _)) in enumerate(zip(cells, self.columns))).rstrip()


RESULT_TABLE = Table([("model", 10, "{}"), ("batch", 5, "{}"), ("threads", 7, "{}"), ("s/epoch", 7, "{:.3f}"),
                      ("best s", 7, "{:.3f}"), ("samples/s", 10, "{:.0f}"), ("GFLOP/s", 8, "{:.1f}"),
                      ("peak MB", 8, "{:.0f}")])


# --- command line and the case driver ------------------------------------------------------------

def positive_int(text):
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def comma_list(convert, allowed=None):
    """An argparse type: a comma-separated list of `convert`ed values, optionally from `allowed`."""
    def parse(text):
        try:
            values = [convert(part.strip()) for part in text.split(",") if part.strip()]
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}': expected a comma-separated list of positive integers")
        if not values or (allowed and any(value not in allowed for value in values)):
            raise argparse.ArgumentTypeError(f"'{text}': expected a comma-separated list"
                                             + (f" of {', '.join(allowed)}" if allowed else ""))
        return values
    return parse


def add_case_arguments(parser):
    """The options shared with `aetui bench` (and passed on by compare.py)."""
    default_threads = sorted({1, min(2, os.cpu_count() or 1)})  # as aetui: 1,2 up to the cores there are
    parser.add_argument("--models", metavar="LIST", type=comma_list(str, MODELS), default=list(MODELS),
                        help="models to time (default: standard,supervised)")
    parser.add_argument("--batches", metavar="LIST", type=comma_list(positive_int), default=[48, 256],
                        help="batch sizes (default: 48,256)")
    parser.add_argument("--threads", metavar="LIST", type=comma_list(positive_int), default=default_threads,
                        help=f"thread counts (default: {','.join(map(str, default_threads))})")
    parser.add_argument("--epochs", metavar="N", type=int, default=3,
                        help="timed epochs per case, after one warm-up epoch; the median is reported (default: 3)")
    parser.add_argument("--data", metavar="DIR", type=Path, default=DEFAULT_DATA,
                        help="folder with the MNIST IDX files (default: sample-data/mnist of the repo)")
    parser.add_argument("--json", action="store_true", help="print JSON lines")


def case_arguments(args, models=None, batches=None, threads=None):
    def join(values):
        return ",".join(str(value) for value in values)
    return ["--models", join(models or args.models), "--batches", join(batches or args.batches),
            "--threads", join(threads or args.threads), "--epochs", str(args.epochs), "--data", str(args.data)]


def main(name, description, run_case, flags=(), what=None):
    """Runs every (model, batch, threads) case and prints a table or JSON lines.

    `run_case(model, batch, threads, epochs, images, labels)` imports the framework, sets its thread
    counts, trains one warm-up and `epochs` timed epochs and returns (framework, epoch seconds).
    Frameworks fix their thread pools when they start (TensorFlow refuses to change them after),
    and peak memory is per process, so with several cases each one runs in a fresh subprocess.
    `flags`: the script's own on/off options as (name, help); each is passed to `run_case` as a
    keyword and on to the subprocesses. `what`: what is timed, for the table's title."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_case_arguments(parser)
    for flag, help_text in flags:
        parser.add_argument(f"--{flag}", action="store_true", help=help_text)
    args = parser.parse_args()
    chosen = {flag.replace("-", "_"): getattr(args, flag.replace("-", "_")) for flag, _ in flags}
    if args.epochs < 1:
        parser.error("--epochs must be at least 1")
    script, modules, install = FRAMEWORKS[name]
    if any(importlib.util.find_spec(module) is None for module in modules):
        sys.exit(f"{name} not installed: {install}")

    cases = [(m, b, t) for m in args.models for b in args.batches for t in args.threads]
    if not args.json:
        print(f"{name}: {what or f'whole training epoch ({TRAIN_COUNT} images, forward + backward + RMSprop)'}, "
              f"median of {args.epochs} epoch{'s' if args.epochs > 1 else ''} after one warm-up epoch")
    failed, header_printed = False, False
    for model, batch, threads in cases:
        if len(cases) == 1:
            images, labels = load_train(args.data)
            framework, seconds = run_case(model, batch, threads, args.epochs, images, labels, **chosen)
            row = result(framework, model, batch, threads, seconds)
        else:
            command = [sys.executable, str(Path(__file__).parent / script), "--json"] + \
                case_arguments(args, [model], [batch], [threads]) + \
                [f"--{flag}" for flag, _ in flags if chosen[flag.replace("-", "_")]]
            # stderr is kept back (TensorFlow logs banners at start-up) and shown if the case fails.
            process = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
            if process.returncode != 0 or not lines:
                print(process.stderr[-3000:], file=sys.stderr)
                print(f"error: {name} {model} batch {batch} threads {threads} failed "
                      f"(exit {process.returncode})", file=sys.stderr)
                failed = True
                continue
            row = json.loads(lines[-1])
        if args.json:
            print(json.dumps(row), flush=True)
        else:
            if not header_printed:
                print(row["framework"])
                RESULT_TABLE.header()
                header_printed = True
            RESULT_TABLE.row([row["model"], row["batch"], row["threads"], row["seconds_per_epoch"],
                              row["best_seconds_per_epoch"], row["samples_per_second"], row["gflops"],
                              row["peak_rss_mb"]])
    return 1 if failed else 0
