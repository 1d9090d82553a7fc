#!/usr/bin/env bash
# Renders the desktop app's main screens to docs/screenshots/ under Xvfb (the README
# shows them). Builds what it needs in build/dev first. Settings go to a throw-away
# folder, so your own are untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }
cmake --preset dev >/dev/null
cmake --build --preset dev --target gatehouse_screenshots -j "${JOBS:-2}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/screenshots
XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" LANG=C.UTF-8 \
  xvfb-run -a -s "-screen 0 1600x1000x24" build/dev/app/gatehouse_screenshots docs/screenshots
