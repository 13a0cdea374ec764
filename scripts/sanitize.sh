#!/usr/bin/env bash
# Builds Saker with AddressSanitizer + UndefinedBehaviorSanitizer (clang, build-asan/) and runs
# the whole test suite there: any memory error, leak or undefined behaviour fails a test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/asan-configure.sh
start=$(date +%s)
cmake --build build-asan
built=$(date +%s)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# The exhaustive truncation sweeps (a capture cut at every byte) re-read the file thousands of
# times: minutes under ASan. They run in the regular build; here fuzz_capture and
# fuzz_compressed cover truncated input under the sanitizers.
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E 'EveryTruncationOf'

echo "sanitize: build $((built - start)) s, tests $(($(date +%s) - built)) s"
