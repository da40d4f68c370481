# shellcheck shell=bash disable=SC2154,SC2034  # $build comes from, and client_pin goes to, the sourcing script
# Sourced by the bench scripts that need edenai-mock-server processes: a scratch directory,
# cleanup of every process started (on exit and on a signal, so no mock outlives the script),
# and start_mock. The caller sets $build (the build directory) before sourcing.
scratch=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP PIPE  # through the EXIT trap
# With taskset and two CPUs or more to use, the mocks may run on the last CPU this process may
# use ($mock_pin) and a measured client on the first ($client_pin; a container may be given
# 4-7), so that the scheduler does not move either between runs (a client measured in turn on
# a CPU of its own and on the mock's differs by a third). Elsewhere both are empty: nothing is
# pinned.
mock_pin=() client_pin=()
if command -v taskset >/dev/null; then
  cpus=$(taskset -pc $$ 2>/dev/null | sed -n 's/.*list: *//p' | tr ',' '\n' |
    awk -F- '{ for (c = $1; c <= ($2 == "" ? $1 : $2); c++) print c }')
  first=$(echo "$cpus" | head -n1)
  last=$(echo "$cpus" | tail -n1)
  if [ -n "$first" ] && [ "$first" != "$last" ] && taskset -c "$first" true 2>/dev/null &&
    taskset -c "$last" true 2>/dev/null; then
    mock_pin=(taskset -c "$last")
    client_pin=(taskset -c "$first")
  fi
fi
# start_mock NAME [FLAGS...]: a mock on a free loopback port; its URL in $scratch/NAME.url.
# start_mock --pinned NAME [FLAGS...]: the same, on the mocks' CPU ($mock_pin).
start_mock() {
  local pin=()
  if [ "$1" = --pinned ]; then
    pin=("${mock_pin[@]}")
    shift
  fi
  local name=$1
  shift
  : >"$scratch/$name.out"  # exists before the first read below, whoever runs first
  "${pin[@]}" "$build/edenai-mock-server" --port 0 --quiet "$@" >>"$scratch/$name.out" &
  pids+=($!)
  for _ in $(seq 100); do
    sed -n 's/^edenai-mock-server listening on //p' "$scratch/$name.out" >"$scratch/$name.url"
    [ -s "$scratch/$name.url" ] && return 0
    sleep 0.05
  done
  echo "$(basename "$0"): the mock did not start" >&2
  exit 1
}
