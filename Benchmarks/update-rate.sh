#!/usr/bin/env bash
# Times the optimizer's update kernel alone, warm, on one thread, per rule and array size, compiled
# as the package compiles it (the Swift toolchain's clang, -O3): usage: Benchmarks/update-rate.sh.
exec "$(dirname "$0")/kernels/build-and-run.sh" update_rate elementwise
