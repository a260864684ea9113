#!/usr/bin/env bash
# Times each kernel's full micro-tile alone, its panels warm, against the FP32 peak, on one thread:
# usage: Benchmarks/tile-rate.sh [K...] (default 48 256).
exec "$(dirname "$0")/kernels/build-and-run.sh" tile_rate "microkernels peak denormals" "$@"
