#!/usr/bin/env bash
# Runs the C++ decode benchmark and Node's equivalent on the same payload, side by side.
#   bench/compare_decode.sh [BUILD_DIR] [ITERATIONS]
set -euo pipefail
build=${1:-build}
iterations=${2:-50}
payload=$(mktemp --suffix=.json)
trap 'rm -f "$payload"' EXIT
"$build/bench/decode_benchmark" --iterations "$iterations" --write "$payload"
if command -v node >/dev/null; then
  node "$(dirname "$0")/node_decode.mjs" "$payload" "$iterations"
else
  echo "node not found: skipping the Node comparison"
fi
