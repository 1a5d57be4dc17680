#!/usr/bin/env bash
# Not in CI: builds a bare Bevy 0.19.1 UI app (web/bare/) with the game's pipeline and
# profile, then times navigation to the first frame of both in headless Chromium, five times
# each, and prints the medians and their ratio. Run web/build.sh first. A cold run builds
# Bevy for the browser once more (about 20 minutes); the build is kept in ~/.cache/promoted.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
tools="$HOME/.cache/promoted/tools"
crate="$HOME/.cache/promoted/bare-bevy"
[ -f dist/promoted_bg.wasm ] || { echo "compare-bare: run web/build.sh first" >&2; exit 2; }

mkdir -p "$crate/src"
cp web/bare/main.rs "$crate/src/main.rs"
# The game's lock file, so both build the same versions of Bevy and its dependencies.
cp Cargo.lock "$crate/Cargo.lock"
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "bare"
version = "0.1.0"
edition = "2024"

[dependencies]
bevy = { version = "=0.19.1", default-features = false, features = ["ui"] }

[profile.web]
inherits = "release"
opt-level = "z"
lto = "fat"
codegen-units = 1
strip = "debuginfo"
panic = "abort"
TOML
(cd "$crate" && cargo build --profile web --target wasm32-unknown-unknown)

out="$HOME/.cache/promoted/bare-dist"
rm -rf "$out" && mkdir -p "$out"
"$tools/bin/wasm-bindgen" --target web --no-typescript --out-dir "$out" --out-name bare \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/web/bare.wasm"
web/node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/bare_bg.wasm" -o "$out/bare_bg.wasm"
cp web/bare/index.html web/bare/start.js "$out/"
node web/compress.mjs "$out"
node web/compare-bare.mjs dist "$out"
