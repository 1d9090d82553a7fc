#!/usr/bin/env bash
# Renders the desktop app's main screens to docs/screenshots/ under Xvfb (the README
# shows them). Builds what it needs first: in build/dev through the preset, or in the
# folder named by GATEHOUSE_BUILD_DIR (already configured, e.g. build/ui). Settings go to
# a throw-away folder, so your own are untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }
build=${GATEHOUSE_BUILD_DIR:-}
if [[ -z $build ]]; then
  build=build/dev
  cmake --preset dev >/dev/null
fi
nice -n "${NICE:-19}" cmake --build "$build" --target gatehouse_screenshots -j "${JOBS:-2}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The local gateway's admin listener is off: port 15000 may be taken by a running
# `gatehousectl serve`, and the screens do not need it.
mkdir -p "$tmp/config/Gatehouse" docs/screenshots
printf '[gateway]\nadminPort=0\n' >"$tmp/config/Gatehouse/gatehouse.conf"
XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" LANG=C.UTF-8 \
  xvfb-run -a -s "-screen 0 1600x1000x24" "$build/app/gatehouse_screenshots" docs/screenshots
