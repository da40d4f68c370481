#!/usr/bin/env bash
# The test command: installs what is missing, then configures, builds and runs every test.
#   scripts/test.sh [BUILD_DIR]
# Environment: CXX picks the compiler; EDENAI_CMAKE_ARGS adds configure arguments
# (e.g. "-DBUILD_SHARED_LIBS=ON").
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

bash scripts/install-deps.sh
# shellcheck disable=SC2086  # EDENAI_CMAKE_ARGS is a list of arguments
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release ${EDENAI_CMAKE_ARGS:-}
cmake --build "$build" -j"$(nproc)"
ctest --test-dir "$build" --output-on-failure -j"$(nproc)"
