#!/usr/bin/env bash
# Times the 17 GEMMs of a standard-AE training step alone, warm, on one thread, with the engine's
# own C kernels: usage: Benchmarks/gemm-shapes.sh [BATCH [KERNEL]] (KERNEL: 0 generic, 1 avx2,
# 2 avx512, 3 neon; default the best this CPU has).
set -euo pipefail
cd "$(dirname "$0")/.."
binary="$(mktemp -d)/gemm-shapes"
trap 'rm -rf "$(dirname "$binary")"' EXIT
"${CC:-cc}" -std=gnu11 -O3 -fno-math-errno -Wall -Wextra -I Sources/CKernels/include -I Sources/CKernels \
    Benchmarks/kernels/gemm_shapes.c Sources/CKernels/{gemm,microkernels,peak,denormals}.c -lm -o "$binary"
"$binary" "$@"
