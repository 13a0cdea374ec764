#!/usr/bin/env bash
# Decode benchmark: Saker's reader against sysdig 0.29 reading the same capture.
# Usage: bench/run_decode_bench.sh [EVENTS] [RUNS]   (after scripts/build.sh)
# Each reader runs RUNS times (default 5) on a warm page cache; the best time is reported.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000000}
runs=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cap="$dir/load.scap"
./build/bench/saker-gencap --scenario load --events "$events" -o "$cap"
size=$(stat -c %s "$cap")
n=$(./build/bench/saker-decode-bench "$cap" | awk '$1 == "events" {print $2}')
echo "capture: $n events, $((size / 1000000)) MB (synthetic load scenario, enter/exit pairs)"

best() {  # best wall time in seconds over $runs runs of the command
  local b=""
  for _ in $(seq "$runs"); do
    local t0 t1 d
    t0=$(date +%s%N)
    "$@" > /dev/null
    t1=$(date +%s%N)
    d=$(( t1 - t0 ))
    if [ -z "$b" ] || [ "$d" -lt "$b" ]; then b=$d; fi
  done
  echo "scale=3; $b / 1000000000" | bc -l
}

row() { printf '%-44s %8.3f s %12.0f events/s %8.0f MB/s\n' "$1" "$2" "$(echo "$n / $2" | bc -l)" "$(echo "$size / $2 / 1000000" | bc -l)"; }

saker_s=$(best ./build/bench/saker-decode-bench "$cap")
row "saker decode (saker-decode-bench)" "$saker_s"
if [ -x ./build/cli/saker ]; then
  print_s=$(best ./build/cli/saker print "$cap" -p '%evt.num %evt.type %thread.tid')
  row "saker print -p '%evt.num %evt.type %thread.tid'" "$print_s"
fi
if command -v sysdig > /dev/null; then
  sysdig_s=$(best sysdig -r "$cap" -q)
  row "sysdig 0.29 -r FILE -q" "$sysdig_s"
  printf 'saker decode is %.1fx faster than sysdig -q\n' "$(echo "$sysdig_s / $saker_s" | bc -l)"
fi
