#!/bin/bash
# Bytes the lab sends to the terminal and CPU of its UI thread while the latent explorer's cursor
# moves, as the README reports them. Needs tmux and a release build (swift build -c release).
#
#   Benchmarks/explorer-bandwidth.sh WIDTH HEIGHT KEYS_PER_SECOND SECONDS [explorer|idle-explorer|train]
#
# The lab trains both default runs; after 8 s it opens the explorer (M), then for SECONDS sends
# arrow keys sweeping the plane (explorer), none (idle-explorer), or stays on the training screen
# (train). Output: tmux pipe-pane's byte count over the window, and the main thread's
# utime + stime from /proc.
set -euo pipefail
W=$1; H=$2; RATE=$3; SECS=$4; MODE=${5:-explorer}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$ROOT/.build/release/aetui
D=$(mktemp -d); S=aetui-bandwidth-$$
trap 'tmux -L $S kill-server 2>/dev/null || true; rm -rf "$D"' EXIT
tmux -L $S -f /dev/null new-session -d -x "$W" -y "$H" \
  "cd '$ROOT' && env LC_ALL=C.UTF-8 TERM=xterm-256color '$BIN' --epochs 30 --runs-dir '$D/runs'; sleep 5"
sleep 8
PID=$(pgrep -f "^$BIN --epochs 30 --runs-dir $D/runs" | head -1)
if [ "$MODE" != train ]; then tmux -L $S send-keys M; sleep 3; fi
tmux -L $S pipe-pane -o "cat > '$D/pane.bytes'"
read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$PID/task/$PID/stat")
start=$(date +%s.%N); end=$(echo "$start + $SECS" | bc); n=0
while (( $(echo "$(date +%s.%N) < $end" | bc) )); do
  if [ "$MODE" = explorer ]; then
    # 20 cells right, 20 left, a row down after each sweep.
    if (( (n / 20) % 2 == 0 )); then key=Right; else key=Left; fi
    if (( n % 20 == 19 )); then tmux -L $S send-keys $key Down; else tmux -L $S send-keys $key; fi
    n=$((n + 1))
  fi
  sleep "$(echo "1 / $RATE" | bc -l)"
done
stop=$(date +%s.%N)
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$PID/task/$PID/stat")
tmux -L $S pipe-pane; sleep 0.3
bytes=$(stat -c %s "$D/pane.bytes"); tick=$(getconf CLK_TCK); seconds=$(echo "$stop - $start" | bc -l)
printf '%sx%s %s: %d keys in %.1f s, %d bytes = %.1f KiB/s, UI thread CPU %.1f%%\n' "$W" "$H" "$MODE" "$n" "$seconds" "$bytes" \
  "$(echo "$bytes / $seconds / 1024" | bc -l)" "$(echo "($u1 + $s1 - $u0 - $s0) / $tick / $seconds * 100" | bc -l)"
tmux -L $S send-keys q; sleep 4
