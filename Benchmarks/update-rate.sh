#!/usr/bin/env bash
# Times the optimizer's update kernel alone, warm, on one thread, per rule and array size, compiled
# as the package compiles it (the Swift toolchain's clang, -O3): usage: Benchmarks/update-rate.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(mktemp -d)/update-rate"
trap 'rm -rf "$(dirname "$binary")"' EXIT
"${CC:-clang}" -std=gnu11 -O3 -fno-math-errno -Wall -Wextra -I Sources/CKernels/include \
    Benchmarks/kernels/update_rate.c Sources/CKernels/elementwise.c -lm -o "$binary"
"$binary"
