#!/usr/bin/env bash
# Times the batch load (random images to floats) alone on one thread, in cache and swept out, against
# the same conversion one row at a time, compiled as the package compiles it: Benchmarks/gather-rate.sh.
exec "$(dirname "$0")/kernels/build-and-run.sh" gather_rate elementwise
