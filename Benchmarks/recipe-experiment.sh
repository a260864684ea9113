#!/bin/sh
# Reruns the recipe experiment of docs/EXPERIMENTS.md: each recipe of the supervised 2-D
# autoencoder over seeds 1, 2, 3 on the seed protocol (train 0..<10000, validation 10000..<20000,
# selected on validation, reported on the t10k test set), the standard autoencoder's 5-NN probe,
# and the full protocol (--train 50000). Each `aetui train --seeds` prints its runs, then a
# "seeds" summary (mean ± sd, min-max of each headline figure); this script keeps those lines.
#
#   sh Benchmarks/recipe-experiment.sh [OUT_DIR]      (default: experiment-runs/)
#
# One run at a time, 2 math threads: about 2-5 min per 100-epoch run on 2 cores, so the whole
# experiment takes a few hours; pass RECIPES="default" to rerun the default only.
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
for recipe in ${RECIPES:-seed constant-best cosine-last default cosine50 full standard}; do
    case $recipe in
        seed)          run seed --preset seed ;;
        constant-best) run constant-best --lr-schedule constant --keep best ;;
        cosine-last)   run cosine-last --keep last ;;
        default)       run default ;;
        cosine50)      run cosine50 --epochs 50 ;;
        full)          run full --train 50000 --epochs 20 ;;
        standard)      run standard --model standard ;;
        *) echo "unknown recipe: $recipe" >&2; exit 2 ;;
    esac
done
