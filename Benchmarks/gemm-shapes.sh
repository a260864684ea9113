#!/usr/bin/env bash
# Times the 17 GEMMs of a standard-AE training step alone, warm, on one thread, with the engine's
# own C kernels: usage: Benchmarks/gemm-shapes.sh [BATCH [KERNEL]] (KERNEL: 0 generic, 1 avx2,
# 2 avx512, 3 neon; default the best this CPU has).
CC="${CC:-cc}" exec "$(dirname "$0")/kernels/build-and-run.sh" gemm_shapes "gemm packing shared_pack microkernels peak denormals" "$@"
