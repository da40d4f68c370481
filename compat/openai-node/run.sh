#!/usr/bin/env bash
# Runs check.mjs (OpenAI's official Node SDK) against edenai-mock-server from BUILD_DIR.
#   compat/openai-node/run.sh [BUILD_DIR]
# Installs the pinned `openai` package from the npm registry (package-lock.json) when missing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)

[ -d "$here/node_modules/openai" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

scratch=$(mktemp -d)
"$build/edenai-mock-server" --port 0 --api-key compat-key --fault 429:retry-after=0 \
  --fault-route 'POST /v3/images/edits=503:retry-after-ms=0' --quiet \
  >"$scratch/stdout" &
mock=$!
trap 'kill $mock 2>/dev/null; wait $mock 2>/dev/null; rm -rf "$scratch"' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^edenai-mock-server listening on //p' "$scratch/stdout")
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { echo "openai-node compat: the mock did not start" >&2; exit 1; }
node "$here/check.mjs" "$url/v3"
