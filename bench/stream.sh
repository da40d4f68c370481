#!/usr/bin/env bash
# The largest response: bench/big_response_server (ten 4096x4096 images, 0.9 GB of JSON) in a
# process of its own, received by `client_benchmark stream`, which prints the client's peak
# memory before and after and the payload; this prints the multiple. Judges nothing.
#   bench/stream.sh [BUILD_DIR] [IMAGES] [SIDE]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
images=${2:-10}
side=${3:-4096}
scratch=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE
: >"$scratch/server.out"
"$build/bench/big_response_server" --images "$images" --side "$side" >>"$scratch/server.out" &
server=$!
url=
for _ in $(seq 600); do  # the server encodes its 0.9 GB body first: up to a minute
  url=$(sed -n 's/^big_response_server listening on //p' "$scratch/server.out")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "stream: the server did not start" >&2; exit 1; }
"$build/bench/client_benchmark" stream --base-url "$url" >"$scratch/client.out"
value() { sed -n "s/^$1 //p" "$scratch/client.out"; }
before=$(value hwm_before_kib)
after=$(value hwm_after_kib)
payload=$(value base64_bytes)
awk -v b="$before" -v a="$after" -v p="$payload" -v n="$(value images)" -v c="$(value cpu_s)" \
  -v w="$(value wall_s)" 'BEGIN {
    printf "%d images, %.1f MB of base64: peak memory added %.1f MB = %.2f x the payload (target <= 1.5); CPU %.2f s, wall %.2f s\n",
      n, p / 1e6, (a - b) * 1024 / 1e6, (a - b) * 1024 / p, c, w }'
