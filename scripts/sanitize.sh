#!/usr/bin/env bash
# The test suite under sanitizers, with clang 14 (Debug builds):
#   - AddressSanitizer + UndefinedBehaviorSanitizer: every test but the package consumers (which
#     build separate projects against this one, without the sanitizer runtime);
#   - ThreadSanitizer: the tests that run threads (integration, mock server, CLI processes).
# Any report fails the run.   scripts/sanitize.sh [BUILD_DIR_PREFIX]
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-build}
# The sanitizer runtimes are in libclang-rt-14-dev, only recommended by clang's packages.
bash scripts/install-deps.sh clang libclang-rt-14-dev

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# cpp-httplib is Debian's shared library, not built with TSan: what happens inside it alone is
# not ours to judge (its calls into our handlers still are).
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/scripts/tsan.supp"

echo "== ASan + UBSan: the whole suite"
CXX=clang++ cmake -S . -B "$prefix-asan" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
  -DEDENAI_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$prefix-asan" -j"$(nproc)"
ctest --test-dir "$prefix-asan" --output-on-failure -j"$(nproc)" -E "^consumer_"

echo "== TSan: the threaded tests"
CXX=clang++ cmake -S . -B "$prefix-tsan" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-fsanitize=thread" -DEDENAI_BUILD_BENCHMARKS=OFF \
  -DEDENAI_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$prefix-tsan" -j"$(nproc)" --target edenai_integration_tests edenai_mock_tests \
  edenai_cli_tests edenai_unit_tests edenai-image edenai-mock-server
for suite in edenai_integration_tests edenai_mock_tests edenai_cli_tests; do
  "$prefix-tsan/tests/$suite" --gtest_brief=1
done
# The unit tests that start threads: the async engine, async calls over a fake transport, the
# rate limiter shared by threads, the CLI's spinner, the client's own I/O thread, batches.
"$prefix-tsan/tests/edenai_unit_tests" --gtest_brief=1 \
  --gtest_filter='AsyncEngine*:ClientAsync*:RateLimiter*:CliSpinner*:IoThread*:StopLaunching*:StopNewAttempts*:Surface.EditAsync*:SharedBuffers*:Pool.*'

