#!/usr/bin/env bash
# Builds the browser bundle and serves it at http://127.0.0.1:8080/ (PORT= to change).
set -euo pipefail
cd "$(dirname "$0")/.."
web/build.sh
exec node web/server.mjs dist
