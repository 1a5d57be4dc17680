#!/usr/bin/env bash
# Builds the browser bundle into dist/: index.html, the JS glue, the wasm (optimised with
# wasm-opt) and pre-compressed copies. Installs what it needs, once, into ~/.cache/promoted.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/promoted/target}"
tools="$HOME/.cache/promoted/tools"

rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown

# wasm-bindgen's CLI must be exactly the version of the wasm-bindgen crate in Cargo.lock.
version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p')
if ! "$tools/bin/wasm-bindgen" --version 2>/dev/null | grep -qF "$version"; then
  echo "build: installing wasm-bindgen-cli $version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$version" --root "$tools" --force
fi

if [ ! -x web/node_modules/.bin/wasm-opt ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund)
fi

cargo build --locked --profile web --target wasm32-unknown-unknown --bin promoted

rm -rf dist && mkdir -p dist
"$tools/bin/wasm-bindgen" --target web --no-typescript --out-dir dist --out-name promoted \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/web/promoted.wasm"
web/node_modules/.bin/wasm-opt -Oz \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  dist/promoted_bg.wasm -o dist/promoted_bg.wasm
cp web/index.html web/main.js web/style.css web/presenter.html web/presenter.js web/presenter.css dist/
mkdir -p dist/lms && cp web/lms/*.js dist/lms/
node web/library.mjs scenarios dist/library.bin
node web/compress.mjs dist
