#!/usr/bin/env bash
# Builds the libFuzzer targets (build-asan/, clang, ASan + UBSan) and fuzzes each for a while.
#   scripts/fuzz.sh                  every target, FUZZ_SECONDS (default 30) each, nproc at a time
#   scripts/fuzz.sh filter rules     only these targets
# Seeds: fuzz/corpus/<target> (in the repo), plus ../shared captures and rules when present
# (read in place, never copied into the repo). New inputs go to build-asan/fuzz-corpus/<target>.
# A crash fails the script and leaves its input in build-asan/fuzz-crashes/<target>/: fix the
# bug, then add the input to fuzz/regressions/<target>/ (tests/robustness replays it).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-30}"
jobs="${FUZZ_JOBS:-$(nproc)}"
targets=("$@")
[ "${#targets[@]}" -eq 0 ] && targets=(capture compressed seekable block filter rules query state)
./scripts/asan-configure.sh
cmake --build build-asan --target $(printf 'fuzz_%s ' "${targets[@]}")

fuzz_one() {
  local t="$1" seconds="$2"
  local work="build-asan/fuzz-corpus/$t" crashes="build-asan/fuzz-crashes/$t" log="build-asan/fuzz-$t.log"
  mkdir -p "$work" "$crashes"
  local seeds=("fuzz/corpus/$t")
  case "$t" in
    capture | state) seeds+=(samples) && [ -d ../shared/captures ] && seeds+=(../shared/captures) ;;
    rules) seeds+=(rules/default) && [ -d ../shared/rules ] && seeds+=(../shared/rules) ;;
  esac
  local dict=()
  [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
  if ASAN_OPTIONS="abort_on_error=1:detect_leaks=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "build-asan/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 \
    -max_len=262144 -artifact_prefix="$crashes/" -print_final_stats=1 "${dict[@]}" \
    "$work" "${seeds[@]}" >"$log" 2>&1; then
    echo "fuzz $t: ok, $(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$') runs," \
      "$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)"
  else
    echo "fuzz $t: FAILED (log: $log, input: $(ls -t "$crashes" | head -1))"
    grep -E "ERROR|SUMMARY|runtime error|==[0-9]+==" "$log" | head -20
    return 1
  fi
}
export -f fuzz_one
start=$(date +%s)
status=0
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'fuzz_one "$@"' _ {} "$seconds" || status=1
echo "fuzz: ${#targets[@]} targets x ${seconds} s in $(($(date +%s) - start)) s"
exit "$status"
