#!/usr/bin/env bash
# The client benchmark side by side: this SDK (bench/client_benchmark), the floor (bench/
# floor_benchmark: only the work no client can avoid) and OpenAI's official Node SDK (bench/
# node_client.mjs, the version pinned in compat/openai-node) doing the same work against the same
# two edenai-mock-server processes, in one run. Prints each figure and the ratios.
#   bench/compare_client.sh [BUILD_DIR] [B64_ITERATIONS] [URL_ITERATIONS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../build}" && pwd)
b64_iterations=${2:-40}
url_iterations=${3:-6000}
node_dir="$here/../compat/openai-node"
[ -d "$node_dir/node_modules/openai" ] ||
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)

# shellcheck source=bench/mock_lib.sh
source "$here/mock_lib.sh"
start_mock --pinned fast
start_mock slow --latency 250
fast=$(cat "$scratch/fast.url")
slow=$(cat "$scratch/slow.url")

# value FILE KEY
value() { sed -n "s/^$2 //p" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

run_both() {  # run_both MODE URL [ARGS...]: both clients, outputs in $scratch/{cpp,node}.MODE
  local mode=$1 url=$2 pin=()
  shift 2
  # The C++ client is pinned for CPU figures (b64, url) only: Node, beside it, is not.
  if [ "$mode" = b64 ] || [ "$mode" = url ]; then pin=("${client_pin[@]}"); fi
  "${pin[@]}" "$build/bench/client_benchmark" "$mode" --base-url "$url" "$@" \
    >"$scratch/cpp.$mode"
  node "$here/node_client.mjs" "$mode" --base-url "$url" "$@" >"$scratch/node.$mode"
}

floor() {  # floor MODE URL [ARGS...]: the floor program, output in $scratch/floor.MODE
  local mode=$1 url=$2
  shift 2
  "${client_pin[@]}" "$build/bench/floor_benchmark" "$mode" --base-url "$url" "$@" \
    >"$scratch/floor.$mode"
}

echo "== client benchmark: edenai-cpp vs the floor vs openai-node $(node -p "require('$node_dir/node_modules/openai/package.json').version") (node $(node --version)), same mock, same machine"
# Big responses: the floor and the SDK alternate twice, so that a load that comes and goes falls
# on both, and each one's lowest figure is kept. The Node SDK runs once, after the first SDK run.
lower() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b ? a : b) }'; }
best_floor="" best_cpp=""
for round in 1 2; do
  floor b64 "$fast" --iterations "$b64_iterations"
  f=$(value "$scratch/floor.b64" cpu_ms_per_call)
  if [ "$round" = 1 ]; then
    run_both b64 "$fast" --iterations "$b64_iterations"
    c=$(value "$scratch/cpp.b64" cpu_ms_per_call)
  else
    "${client_pin[@]}" "$build/bench/client_benchmark" b64 --base-url "$fast" \
      --iterations "$b64_iterations" >"$scratch/cpp2.b64"
    c=$(value "$scratch/cpp2.b64" cpu_ms_per_call)
  fi
  best_floor=$(lower "${best_floor:-$f}" "$f")
  best_cpp=$(lower "${best_cpp:-$c}" "$c")
done
floor_b64=$best_floor cpp_b64=$best_cpp
# Small calls last a fraction of a millisecond: separate runs of them drift by a third from one
# second to the next here. floor_benchmark's `paired` mode runs the floor and the SDK in one
# process, taking turns every 50 calls, so both meet the same load; once against the floor, once
# against the floor sending the SDK's request headers. openai-node's run is separate.
"${client_pin[@]}" "$build/bench/floor_benchmark" paired --base-url "$fast" \
  --iterations "$url_iterations" >"$scratch/paired"
"${client_pin[@]}" "$build/bench/floor_benchmark" paired --sdk-request --base-url "$fast" \
  --iterations "$url_iterations" >"$scratch/paired_sdk"
run_both url "$fast" --iterations "$url_iterations"
cpp_url=$(value "$scratch/paired" sdk_cpu_ms_per_call)
floor_url=$(value "$scratch/paired" floor_cpu_ms_per_call)

n=$(value "$scratch/node.b64" cpu_ms_per_call)
printf '%-58s cpp %8s ms   floor %8s ms   cpp/floor %s (target <= 1.5)\n' \
  "client CPU per 4-image b64_json response (12.6 MB), decoded" "$cpp_b64" "$floor_b64" \
  "$(ratio "$cpp_b64" "$floor_b64")"
printf '%-58s node %7s ms   cpp/node %s (target <= 0.15)\n' "  openai-node, same work" "$n" \
  "$(ratio "$cpp_b64" "$n")"
printf '%-58s cpp %8s ms   floor %8s ms   node %8s ms\n' "  wall time per response" \
  "$(value "$scratch/cpp.b64" wall_ms_per_call)" "$(value "$scratch/floor.b64" wall_ms_per_call)" \
  "$(value "$scratch/node.b64" wall_ms_per_call)"

n=$(value "$scratch/node.url" cpu_ms_per_call)
printf '%-58s cpp %8s ms   floor %8s ms   cpp/floor %s (target <= 1.2)\n' \
  "client CPU per small url response, kept-alive connection" "$cpp_url" "$floor_url" \
  "$(value "$scratch/paired" sdk_over_floor)"
printf '%-58s cpp %8s ms   floor %8s ms   cpp/floor %s\n' \
  "  against the floor sending the SDK's request headers" \
  "$(value "$scratch/paired_sdk" sdk_cpu_ms_per_call)" \
  "$(value "$scratch/paired_sdk" floor_cpu_ms_per_call)" \
  "$(value "$scratch/paired_sdk" sdk_over_floor)"
printf '%-58s node %7s ms   cpp/node %s (cpp: its own run)\n' "  openai-node, same work" "$n" \
  "$(ratio "$(value "$scratch/cpp.url" cpu_ms_per_call)" "$n")"

run_both concurrency "$slow" --requests 64 --concurrency 16
c=$(value "$scratch/cpp.concurrency" wall_s)
n=$(value "$scratch/node.concurrency" wall_s)
printf '%-58s cpp %8s s    node %8s s    cpp/ideal %s (target <= 1.2)\n' \
  "64 requests, 250 ms each, 16 at once: wall time" "$c" "$n" "$(ratio "$c" 1.0)"

run_both rss "$fast"
for who in cpp node; do
  f="$scratch/$who.rss"
  before=$(value "$f" hwm_before_kib)
  after=$(value "$f" hwm_after_kib)
  payload=$(value "$f" base64_bytes)
  printf '%-58s %-4s peak %6.1f MB (%s x payload), added by the call %6.1f MB (%s x payload)\n' \
    "peak RSS receiving a 12.6 MB response, images decoded (target: added <= 1.5 x)" "$who" \
    "$(awk -v k="$after" 'BEGIN { print k * 1024 / 1e6 }')" "$(ratio "$((after * 1024))" "$payload")" \
    "$(awk -v k="$((after - before))" 'BEGIN { print k * 1024 / 1e6 }')" \
    "$(ratio "$(((after - before) * 1024))" "$payload")"
done
