#!/usr/bin/env python3
"""Runs `aetui bench --json`, then the PyTorch and Keras references on the same cases, one after the
other (never at once: they would compete for the cores), and prints a side-by-side table of seconds
per epoch with the ratios reference / aetui (above 1: aetui is faster by that factor).

    python3 Benchmarks/reference/compare.py                      # the full matrix, as aetui bench
    python3 Benchmarks/reference/compare.py --models standard --batches 48 --threads 2
    python3 Benchmarks/reference/compare.py --aetui-json saved.jsonl --frameworks aetui,pytorch

A framework that isn't installed is skipped with a note; progress goes to stderr.
"""

import argparse
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in the repo
import common  # noqa: E402

HERE = Path(__file__).resolve().parent
REFERENCES = ("pytorch", "keras")

TABLE = common.Table([("model", 10, "{}"), ("batch", 5, "{}"), ("threads", 7, "{}"),
                      ("aetui s/epoch", 13, "{:.3f}"), ("pytorch s/epoch", 15, "{:.3f}"),
                      ("keras s/epoch", 13, "{:.3f}"), ("pytorch/aetui", 13, "{:.2f}x"),
                      ("keras/aetui", 11, "{:.2f}x")])


def note(text):
    print(text, file=sys.stderr, flush=True)


def parse_lines(lines, label):
    """The JSON objects among `lines`, echoing each bench result to stderr as progress."""
    rows = []
    for line in lines:
        line = line.strip()
        if not line.startswith("{"):
            continue
        row = json.loads(line)
        rows.append(row)
        if row.get("type") == "bench":
            note(f"  {label}: {row['model']} batch {row['batch']} threads {row['threads']}: "
                 f"{row['seconds_per_epoch']:.3f} s/epoch")
    return rows


def run(command, label):
    """Runs a benchmark command, returns its JSON lines, or None if it failed."""
    note(f"running {label}: {' '.join(command)}")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    rows = parse_lines(process.stdout, label)
    if process.wait() != 0:
        note(f"{label} failed (exit {process.returncode})")
        return None
    return rows


def by_case(rows):
    return {(row["model"], row["batch"], row["threads"]): row for row in rows if row.get("type") == "bench"}


def ratio(reference, aetui):
    if reference is None or aetui is None:
        return None
    return reference["seconds_per_epoch"] / aetui["seconds_per_epoch"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    common.add_case_arguments(parser)
    parser.add_argument("--aetui", metavar="PATH", type=Path, default=common.REPO_ROOT / ".build" / "release" / "aetui",
                        help="the aetui binary (default: .build/release/aetui of the repo)")
    parser.add_argument("--aetui-json", type=Path, metavar="FILE",
                        help="read saved `aetui bench --json` output instead of running aetui ('-': stdin)")
    parser.add_argument("--frameworks", metavar="LIST", default="aetui,pytorch,keras",
                        type=common.comma_list(str, ("aetui",) + REFERENCES),
                        help="what to run (default: aetui,pytorch,keras)")
    args = parser.parse_args()

    results, notes, failed = {}, [], False
    peaks = []  # aetui's {"type": "peak", "threads", "kernel", "peak_gflops"} lines
    if "aetui" in args.frameworks:
        rows = None
        if args.aetui_json:
            with (sys.stdin if str(args.aetui_json) == "-" else open(args.aetui_json)) as file:
                rows = parse_lines(file, "aetui")
        elif not args.aetui.exists():
            notes.append(f"aetui not found at {args.aetui}: build it with `swift build -c release` "
                         f"in {common.REPO_ROOT}, or pass --aetui PATH")
            note(notes[-1])
        else:
            rows = run([str(args.aetui), "bench", "--json"] + common.case_arguments(args), "aetui")
        failed |= rows is None
        if rows is not None:
            results["aetui"] = by_case(rows)
            peaks = [row for row in rows if row.get("type") == "peak"]

    for name in REFERENCES:
        if name not in args.frameworks:
            continue
        script, modules, install = common.FRAMEWORKS[name]
        if any(importlib.util.find_spec(module) is None for module in modules):
            notes.append(f"{name} not installed: {install}")
            note(notes[-1])
            continue
        rows = run([sys.executable, str(HERE / script), "--json"] + common.case_arguments(args), name)
        failed |= rows is None
        if rows is not None:
            results[name] = by_case(rows)

    # The requested cases first, in aetui bench's order, then any others a saved file brought.
    cases = [(m, b, t) for m in args.models for b in args.batches for t in args.threads]
    cases += sorted({case for rows in results.values() for case in rows} - set(cases))
    cases = [case for case in cases if any(case in rows for rows in results.values())]
    merged = []
    for model, batch, threads in cases:
        row = {"type": "compare", "model": model, "batch": batch, "threads": threads}
        for name in ("aetui",) + REFERENCES:
            row[name] = results.get(name, {}).get((model, batch, threads))
        for name in REFERENCES:
            row[f"{name}_over_aetui"] = ratio(row[name], row["aetui"])
        merged.append(row)

    if args.json:
        for row in merged:
            print(json.dumps(row))
        return 1 if failed else 0

    if not merged:
        print("no results" + "".join(f"\n{text}" for text in notes))
        return 1
    epochs = "the timed epochs" if args.aetui_json else f"{args.epochs} timed epoch{'s' if args.epochs > 1 else ''}"
    print(f"whole training epoch ({common.TRAIN_COUNT} images, forward + backward + RMSprop), "
          f"seconds, median of {epochs}; ratio > 1: aetui is faster")
    TABLE.header()
    for row in merged:
        TABLE.row([row["model"], row["batch"], row["threads"]]
                  + [row[name]["seconds_per_epoch"] if row[name] else None for name in ("aetui",) + REFERENCES]
                  + [row["pytorch_over_aetui"], row["keras_over_aetui"]])
    print()
    # aetui's bench lines carry "kernel" and "peak_gflops" (its "peak" lines give the peak per
    # thread count); the references carry "framework" and "peak_rss_mb".
    aetui_rows = list(results.get("aetui", {}).values())
    if aetui_rows:
        kernels = sorted({row.get("kernel", "?") for row in aetui_rows})
        peak_text = ", ".join(f"{row['peak_gflops']:.0f} GFLOP/s on {row['threads']} thread"
                              f"{'' if row['threads'] == 1 else 's'}" for row in peaks)
        print(f"aetui: kernel {', '.join(kernels)}" + (f"; measured FP32 peak {peak_text}" if peak_text else ""))
    for name in REFERENCES:
        rows = list(results.get(name, {}).values())
        if rows:
            print(f"{rows[0]['framework']}: peak RSS up to "
                  f"{max(row['peak_rss_mb'] for row in rows):.0f} MB")
    for text in notes:
        print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
