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
# start_mock NAME [FLAGS...]: a mock on a free loopback port; its URL in $scratch/NAME.url
start_mock() {
  local name=$1
  shift
  : >"$scratch/$name.out"  # exists before the first read below, whoever runs first
  "$build/edenai-mock-server" --port 0 --quiet "$@" >>"$scratch/$name.out" &
  pids+=($!)
  for _ in $(seq 100); do
    sed -n 's/^edenai-mock-server listening on //p' "$scratch/$name.out" >"$scratch/$name.url"
    [ -s "$scratch/$name.url" ] && return 0
    sleep 0.05
  done
  echo "$(basename "$0"): the mock did not start" >&2
  exit 1
}
