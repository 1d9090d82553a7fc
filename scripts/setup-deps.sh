#!/usr/bin/env bash
# Installs the Debian 12 packages Gatehouse needs, by name, only when missing.
# Idempotent, non-interactive, works as root (or through sudo when available).
#   scripts/setup-deps.sh            build + runtime packages
#   scripts/setup-deps.sh --test     also the real peers the tests drive
set -euo pipefail

build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-svg-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  qt6-qpa-plugins libgl-dev libqt6opengl6-dev
  libyaml-cpp-dev libyaml-dev libssl-dev openssl
  libboost-dev libnghttp2-dev
)
test_pkgs=(
  curl nginx haproxy sslscan wrk nghttp2-client tinyproxy-bin
  xvfb xauth clang-format golang-go
)

want=("${build_pkgs[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${test_pkgs[@]}")

missing=()
for p in "${want[@]}"; do
  # golang-go only when no Go toolchain is on PATH already.
  if [[ $p == golang-go ]] && command -v go >/dev/null 2>&1; then continue; fi
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "setup-deps: all ${#want[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${#missing[@]} missing package(s): ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# The Debian nginx/haproxy packages start system services; the tests start their own
# instances on loopback ports, so stop the system ones where a service manager exists.
for svc in nginx haproxy; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
    $SUDO systemctl stop "$svc" || true
  fi
done
echo "setup-deps: done"
