#!/usr/bin/env bash
# Installs what building and testing Promoted needs, when it is missing. Safe to run again.
set -euo pipefail

# Native Bevy builds need the first five; the browser tests need chromium.
apt_packages=(pkg-config libwayland-dev libxkbcommon-dev libudev-dev libasound2-dev chromium)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

for component in clippy rustfmt; do
  rustup component list --installed 2>/dev/null | grep -q "^$component" || rustup component add "$component"
done
