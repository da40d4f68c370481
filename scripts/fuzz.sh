#!/usr/bin/env bash
# Fuzzes the response decoder, the error-body parser, request validation (deeply nested
# `extra` and `metadata`) and the base64 kernels (scalar against AVX2) with libFuzzer (clang 14,
# ASan + UBSan), each for SECONDS (default 60), starting from the seed corpora in fuzz/corpus/.
# Fails on any crash, leak, sanitizer report or uncaught exception, and prints the input that
# caused it.
#   scripts/fuzz.sh [SECONDS] [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${2:-build-fuzz}
bash scripts/install-deps.sh clang libclang-rt-14-dev

CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEDENAI_BUILD_FUZZERS=ON \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
  -DEDENAI_BUILD_TESTS=OFF -DEDENAI_BUILD_EXAMPLES=OFF -DEDENAI_BUILD_BENCHMARKS=OFF \
  -DEDENAI_BUILD_MOCK=OFF -DEDENAI_BUILD_CLI=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target response_decoder_fuzzer error_body_fuzzer \
  request_validation_fuzzer base64_kernels_fuzzer

for target in response_decoder error_body request_validation base64_kernels; do
  work=$(mktemp -d)
  echo "== fuzzing $target for ${seconds}s"
  # New inputs go to $work/corpus; the seeds in the repository are only read.
  mkdir -p "$work/corpus"
  if ! "$build/fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus" "fuzz/corpus/$target" \
      2>"$work/log"; then
    tail -40 "$work/log"
    for artifact in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
      [ -e "$artifact" ] && { echo "input: $artifact"; od -c "$artifact" | head -20; }
    done
    exit 1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov:" "$work/log" | tail -3
  rm -rf "$work"
done
