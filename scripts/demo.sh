#!/usr/bin/env bash
# The demo: builds the SDK and its tools, starts the offline mock server on a free loopback
# port, generates two images with the edenai-image CLI, uploads the first to the file store and
# edits it by its file id under a mask (examples/assets/demo-mask.png: a 1024x1024 PNG whose
# transparent disc marks the region to repaint), prints where they are, and stops the mock.
#
#   scripts/demo.sh ["PROMPT"]                             offline, no key needed
#   EDENAI_API_KEY=sk-eden-... scripts/demo.sh --live ["PROMPT"]   the real Eden AI service
#
# Environment: EDENAI_BUILD_DIR (default build), EDENAI_DEMO_OUT (default out).
set -euo pipefail
cd "$(dirname "$0")/.."

live=0
words=()
for arg in "$@"; do
  case "$arg" in
    --live) live=1 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) words+=("$arg") ;;
  esac
done
prompt=${words[*]:-"a lighthouse on a rocky coast at dawn, watercolor"}
build=${EDENAI_BUILD_DIR:-build}
out=${EDENAI_DEMO_OUT:-out}

if [ "$live" = 1 ] && [ -z "${EDENAI_API_KEY:-}${EDEN_AI_API_KEY:-}" ]; then
  echo "demo: --live calls the real service and needs EDENAI_API_KEY (an Eden AI key)." >&2
  exit 2
fi

bash scripts/install-deps.sh
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j"$(nproc)" --target edenai-image edenai-mock-server

if [ "$live" = 1 ]; then
  "$build/edenai-image" --out-dir "$out" -n 2 "$prompt"
  echo "demo: images from Eden AI are in $(cd "$out" && pwd)"
  exit 0
fi

scratch=$(mktemp -d)
"$build/edenai-mock-server" --port 0 --quiet >"$scratch/stdout" 2>"$scratch/stderr" &
mock=$!
stop_mock() {
  kill "$mock" 2>/dev/null || true
  wait "$mock" 2>/dev/null || true
  rm -rf "$scratch"
}
trap stop_mock EXIT

url=
for _ in $(seq 100); do
  url=$(sed -n 's/^edenai-mock-server listening on //p' "$scratch/stdout")
  [ -n "$url" ] && break
  kill -0 "$mock" 2>/dev/null || break
  sleep 0.05
done
if [ -z "$url" ]; then
  echo "demo: the mock server did not start:" >&2
  cat "$scratch/stderr" >&2
  exit 1
fi
echo "demo: offline mock server at $url"

# The mock accepts any key; a real one in the environment is never sent to it.
tool() { EDENAI_API_KEY=demo-key "$build/edenai-image" --base-url "$url" "$@"; }
# 1024x1024, the size of the mask.
tool --out-dir "$out" -n 2 --size 1024x1024 "$prompt" | tee "$scratch/generated"
photo=$(sed -n 's/^saved \(.*\) (png, .*/\1/p' "$scratch/generated" | head -n 1)

# Edit the first image by file id: upload it, then repaint the disc of the mask.
file_id=$(tool upload --purpose demo "$photo")
echo "demo: uploaded $photo as file $file_id"
tool files --purpose demo
tool edit --file-id "$file_id" --mask examples/assets/demo-mask.png --out-dir "$out" \
  "the same coast at night under a full moon"
echo "demo: images are in $(cd "$out" && pwd) (made offline by the mock server;"
echo "demo: with EDENAI_API_KEY set, scripts/demo.sh --live asks Eden AI for real ones)"
