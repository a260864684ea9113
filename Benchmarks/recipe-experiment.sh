#!/bin/sh
# Reruns the recipe experiment of docs/EXPERIMENTS.md: each recipe of the supervised 2-D
# autoencoder over seeds 1, 2, 3 on the seed protocol (train 0..<10000, validation 10000..<20000,
# selected on validation, reported on the t10k test set), the standard autoencoder's 5-NN probe,
# and the full protocol (--train 50000). Each `aetui train --seeds` prints its runs, then a
# "seeds" summary (mean ± sd, min-max of each headline figure); this script keeps those lines.
#
#   sh Benchmarks/recipe-experiment.sh [OUT_DIR]      (default: experiment-runs/)
#
# One run at a time, 2 math threads: on 2 quiet cores a 50-epoch default run takes about a
# minute, a full-protocol one a few, standard-full (100 epochs of 50,000 images) about ten;
# RECIPES="default full" reruns only those. The Keras side: Benchmarks/reference/keras_accuracy.py.
set -eu
out=${1:-experiment-runs}
mkdir -p "$out"
aetui=${AETUI:-.build/release/aetui}
[ -x "$aetui" ] || swift build -c release
run() {  # NAME, then the options of the recipe
    name=$1; shift
    echo "== $name: aetui train $* --seeds 1,2,3 --threads 2"
    "$aetui" train "$@" --seeds 1,2,3 --threads 2 --runs-dir "$out/runs" > "$out/$name.log"
    grep -E '^(seeds|  )' "$out/$name.log"
}
for recipe in ${RECIPES:-default full eval-all standard standard-full seed thirty}; do
    case $recipe in
        default)    run default ;;
        full)       run full --train 50000 ;;
        eval-all)   run eval-all --eval-subset all ;;
        standard)   run standard --model standard ;;
        standard-full) run standard-full --model standard --dropout 0 --epochs 100 --keep last --train 50000 ;;
        seed)       run seed --preset seed ;;
        thirty)     run thirty --epochs 30 ;;
        no-dropout) run no-dropout --dropout 0 ;;
        keep-last)  run keep-last --keep last ;;
        *) echo "unknown recipe: $recipe (known: default full eval-all standard standard-full seed thirty no-dropout keep-last)" >&2; exit 2 ;;
    esac
done
