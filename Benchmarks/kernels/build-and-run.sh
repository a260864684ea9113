#!/usr/bin/env bash
# Builds a kernel benchmark harness with the engine's C sources it names and runs it:
# Benchmarks/kernels/build-and-run.sh HARNESS "SOURCE..." [ARGUMENT...], e.g. update_rate "elementwise".
# The harness is Benchmarks/kernels/HARNESS.c, the sources are files of Sources/CKernels without .c
# (none: "");
# $CC picks the compiler (default clang, the one the Swift toolchain builds the package with).
# $LIBS adds libraries to link (skip-rate.sh reads the gzip images with -lz).
set -euo pipefail
cd "$(dirname "$0")/../.."
harness="$1" sources="$2"
shift 2
binary="$(mktemp -d)/$harness"
trap 'rm -rf "$(dirname "$binary")"' EXIT
# shellcheck disable=SC2046,SC2086  # one word per source file and per library
"${CC:-clang}" -std=gnu11 -O3 -fno-math-errno -Wall -Wextra -I Sources/CKernels/include -I Sources/CKernels \
    "Benchmarks/kernels/$harness.c" $([ -z "$sources" ] || printf 'Sources/CKernels/%s.c ' $sources) -lm ${LIBS:-} -o "$binary"
"$binary" "$@"
