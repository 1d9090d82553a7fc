#!/usr/bin/env bash
# The main job: installs what is missing, builds, and starts the desktop app on the
# demo workspace. Without a display (DISPLAY and WAYLAND_DISPLAY unset) it says so and
# serves the demo workspace with the local gateway instead (Ctrl-C stops it).
# Extra arguments go to the app (or, headless, to 'gatehousectl serve').
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh
cmake --preset dev >/dev/null
cmake --build --preset dev -j "$(nproc)" --target gatehousectl $( [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]] && echo gatehouse )

bin=build/dev/app
if [[ -n ${DISPLAY:-}${WAYLAND_DISPLAY:-} ]]; then
  exec "$bin/gatehouse" "$@"
fi

echo "run.sh: no display (DISPLAY/WAYLAND_DISPLAY unset): serving the demo workspace with the local gateway instead."
demo=$("$bin/gatehousectl" render demo-workspace)
echo "run.sh: demo workspace: $demo"
echo "run.sh: try: curl -k --resolve httpbin.local.kyma.dev:8443:127.0.0.1 https://httpbin.local.kyma.dev:8443/ready"
exec "$bin/gatehousectl" serve --workspace "$demo" --access-log - "$@"
