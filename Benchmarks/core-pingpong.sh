#!/usr/bin/env bash
# Whether two CPUs share an L3, once a second: the round trip of one cache line bounced between
# them (about 50-100 ns within one L3, several hundred across chiplets or sockets). On a virtual
# machine the host may move the vCPUs from one to the other within seconds, and two-thread timings
# (aetui's and the references') move with it: Benchmarks/core-pingpong.sh [ROUNDS [CPU_A CPU_B]].
LIBS=-pthread exec "$(dirname "$0")/kernels/build-and-run.sh" core_pingpong "" "$@"
