#!/usr/bin/env bash
# Fuzz the engine for a while: mutated scenario files through load, check, simulate and play.
# Prints how many executions ran. Usage: .ci/fuzz.sh [seconds, default 300] [seed]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
export PROMOTED_FUZZ_SECONDS="${1:-300}"
export PROMOTED_FUZZ_SEED="${2:-$(date +%s)}"
cargo test --locked --release -p promoted-engine --test fuzz -- --ignored --nocapture fuzz_for_a_while
