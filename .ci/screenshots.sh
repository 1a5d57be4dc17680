#!/usr/bin/env bash
# Runs the real game under Xvfb with software Vulkan and saves a screenshot of every screen
# at 1280x720 and 1920x1080 into screenshots/ (kept out of git). Look at them.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"

.ci/setup.sh
missing=()
for p in xvfb mesa-vulkan-drivers; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo build --locked
out="$PWD/screenshots"
rm -rf "$out" && mkdir -p "$out"
data=$(mktemp -d)
Xvfb :97 -screen 0 1920x1080x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; rm -rf "$data"' EXIT
sleep 1
DISPLAY=:97 PROMOTED_DATA_DIR="$data" PROMOTED_SCREENSHOTS="$out" XDG_RUNTIME_DIR="$data" \
  timeout 600 "$CARGO_TARGET_DIR/debug/promoted" > "$out/game.log" 2>&1
ls "$out"/*.png
