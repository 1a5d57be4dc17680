#!/usr/bin/env bash
# Prints the native game's CPU use while it sits idle on the title screen, under Xvfb with
# software Vulkan: the figure behind "reactive rendering" in the README.
# Usage: .ci/idle-cpu.sh [seconds to sample, default 30]  (builds the debug binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
seconds="${1:-30}"
cargo build --locked --quiet
data=$(mktemp -d)
Xvfb :94 -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb "${game:-}" 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
DISPLAY=:94 PROMOTED_DATA_DIR="$data" XDG_RUNTIME_DIR="$data" "$CARGO_TARGET_DIR/debug/promoted" >"$data/log" 2>&1 &
game=$!
sleep 15 # load and settle on the title screen
ticks() { awk '{print $14 + $15}' "/proc/$game/stat"; }
t0=$(ticks); s0=$(date +%s.%N)
sleep "$seconds"
t1=$(ticks); s1=$(date +%s.%N)
python3 -c "print(f'idle CPU on the title screen: {100 * ($t1 - $t0) / $(getconf CLK_TCK) / ($s1 - $s0):.2f}% of one core over {$s1 - $s0:.0f} s')"
