#!/usr/bin/env bash
# Builds the browser bundle (unless dist/ holds one already; --rebuild to force) and turns it
# into course packages for a learning platform in packages/: promoted[-ID]-scorm12.zip,
# -scorm2004.zip and -cmi5.zip. Options: --scenario ID | --campaign ID, --mastery 0-100
# (default 70), --ids IRI (the xAPI activity ids' base, default urn:promoted), --title,
# --description, --out DIR. See "On a learning platform" in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
rebuild=0
for arg in "$@"; do
  if [ "$arg" = "--rebuild" ]; then rebuild=1; else args+=("$arg"); fi
done
if [ "$rebuild" = 1 ] || [ ! -f dist/promoted_bg.wasm ] || [ ! -d dist/lms ]; then
  web/build.sh
fi
exec node web/package.mjs "${args[@]}"
