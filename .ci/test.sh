#!/usr/bin/env bash
# All of Promoted's tests: formatting, lints, every test of every crate, the scenarios, the
# browser build and the tests in a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."

# Builds go outside the clone, so a fresh clone (and CI) starts warm.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

.ci/setup.sh

step() { printf '\n== %s\n' "$*"; }

step "format"
cargo fmt --all -- --check

step "lints"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "tests"
cargo test --workspace --locked

step "scenarios"
cargo run --quiet --locked -- check scenarios

step "browser build"
web/build.sh

step "browser tests"
(cd web && npm test)
