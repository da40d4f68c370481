#!/usr/bin/env bash
# Runs an example program against a fresh edenai-mock-server on a free loopback port, in a scratch
# directory, and checks it exits 0 having written the files named by the glob EXPECT.
#
#   run_with_mock.sh MOCK_SERVER EXPECT PROGRAM [ARGS...]
set -euo pipefail
mock_server=$1 expect=$2
shift 2
scratch=$(mktemp -d)
"$mock_server" --port 0 --quiet >"$scratch/mock.out" 2>"$scratch/mock.err" &
mock=$!
trap 'kill "$mock" 2>/dev/null || true; wait "$mock" 2>/dev/null || true; rm -rf "$scratch"' EXIT
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^edenai-mock-server listening on //p' "$scratch/mock.out")
  [ -n "$url" ] && break
  sleep 0.05
done
[ -n "$url" ] || { cat "$scratch/mock.err" >&2; exit 1; }
(cd "$scratch" && EDENAI_API_KEY=example-key EDENAI_BASE_URL="$url" "$@")
# shellcheck disable=SC2086 # EXPECT is a glob
ls "$scratch"/$expect >/dev/null
