#!/usr/bin/env bash
# Builds the browser game and serves it with `promoted host`, so a workshop room can vote on
# its own phones: it prints the address for the projector and the ones phones on this Wi-Fi
# reach. Options go to the host (`--listen 127.0.0.1:8080`, `--state DIR`, `--public-url URL`);
# PORT= changes the port.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
web/build.sh
cargo build --quiet --release --locked -p promoted-host
exec "$CARGO_TARGET_DIR/release/promoted-host" dist "$@"
