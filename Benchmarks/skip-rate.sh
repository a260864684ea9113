#!/usr/bin/env bash
# Times the first layer's two products in full and skipping the zeros of A, over real MNIST images
# and over an A without zeros, on one thread: Benchmarks/skip-rate.sh [BATCH [KERNEL]] (KERNEL: 0
# generic, 1 avx2, 2 avx512, 3 neon; default the best this CPU has).
cd "$(dirname "$0")/.." && LIBS=-lz exec Benchmarks/kernels/build-and-run.sh skip_rate "gemm packing shared_pack microkernels peak denormals" \
    sample-data/mnist/train-images-idx3-ubyte.gz "$@"
