#!/usr/bin/env bash
# The scale benchmark (bench/scale_benchmark.cpp): Client::generate_batch at concurrency 1, 16,
# 64 and 256 against an edenai-mock-server that answers each generation after 250 ms, with
# enough workers for every connection. Prints the figures as a table; judges nothing.
#   bench/scale.sh [BUILD_DIR] [CONCURRENCY_LIST] [REQUESTS_PER_SLOT]
#   e.g. bench/scale.sh build-scale 1,16,64,256 4   (R = max(4 * C, 16) calls for each C)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
levels=${2:-1,16,64,256}
per_slot=${3:-4}
latency_ms=250
# One worker per connection (httplib serves a kept-alive connection on one thread), plus room.
workers=$(($(tr ',' '\n' <<<"$levels" | sort -n | tail -1) + 16))

# shellcheck source=bench/mock_lib.sh
source "$here/mock_lib.sh"
start_mock slow --latency "$latency_ms" --workers "$workers"

status=0
"$build/bench/scale_benchmark" --base-url "$(cat "$scratch/slow.url")" --concurrency "$levels" \
  --requests-per-slot "$per_slot" --latency-ms "$latency_ms" >"$scratch/out" || status=$?

# value C KEY
value() { sed -n "s/^c$1\.$2 //p" "$scratch/out"; }
echo "== scale: generate_batch, small url responses, mock latency ${latency_ms} ms," \
  "$workers workers, $(nproc) CPUs"
printf '%5s %5s %5s %7s %7s %10s %11s %8s %8s %8s %12s %12s %6s %7s\n' C R ok wall_s ideal_s \
  wall/ideal cpu_ms/call ctx/call base_MiB peak_MiB KiB/inflight KiB/idle_conn conns reopen
for c in ${levels//,/ }; do
  base=$(value "$c" rss_base_kib)
  added=$(value "$c" peak_added_kib)
  printf '%5s %5s %5s %7s %7s %10s %11s %8s %8.1f %8.1f %12s %12s %6s %7s\n' "$c" \
    "$(value "$c" requests)" "$(value "$c" succeeded)" "$(value "$c" wall_s)" \
    "$(value "$c" ideal_s)" "$(value "$c" wall_over_ideal)" "$(value "$c" cpu_ms_per_call)" \
    "$(value "$c" context_switches_per_call)" "$(awk -v k="$base" 'BEGIN { print k / 1024 }')" \
    "$(awk -v k="$base" -v a="$added" 'BEGIN { print (k + a) / 1024 }')" \
    "$(value "$c" kib_per_inflight_call)" "$(value "$c" kib_per_idle_connection)" \
    "$(value "$c" connections_after_batch)" "$(value "$c" connections_opened_by_batch_min)"
  [ "$(value "$c" peak_exact)" = 1 ] || echo "      C=$c: VmHWM could not be reset; peak is an upper bound"
  err=$(value "$c" first_error)
  [ -z "$err" ] || echo "      C=$c first error: $err"
done
echo "(cpu: user+sys of the client process over the measured batch / R; peak: highest VmRSS during"
echo " warm-up or batch; KiB/inflight: (peak - base) / C; KiB/idle_conn: RSS kept by C idle"
echo " connections after warm-up / C; conns: TCP connections open after the batch; reopen: opened"
echo " during the batch and still open, at least)"
[ "$status" -eq 0 ] || echo "scale: some calls failed (status $status)" >&2
exit "$status"
