#!/usr/bin/env bash
# The test command: installs what is missing (build deps and test peers), builds
# with warnings as errors, checks formatting and runs every test with CTest.
# Exits non-zero on any failure. .ci/run calls exactly this.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup-deps.sh --test

echo "== configure"
cmake --preset ci
echo "== build"
cmake --build --preset ci -j "$(nproc)"
echo "== format"
scripts/check-format.sh
echo "== test"
ctest --preset ci "$@"
