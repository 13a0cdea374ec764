#!/usr/bin/env bash
# Decode benchmark: Saker's reader against sysdig 0.29 reading the same capture.
# Usage: bench/run_decode_bench.sh [EVENTS]   (after scripts/build.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cap="$dir/load.scap"
./build/bench/saker-gencap --scenario load --events "$events" -o "$cap"
size=$(stat -c %s "$cap")
echo "capture: $events events, $((size / 1000000)) MB"

t0=$(date +%s.%N)
./build/bench/saker-decode-bench "$cap" > "$dir/saker.txt"
t1=$(date +%s.%N)
saker_s=$(echo "$t1 - $t0" | bc -l)
cat "$dir/saker.txt"

t0=$(date +%s.%N)
./build/cli/saker print "$cap" -p '%evt.num %proc.name %evt.type' > /dev/null
t1=$(date +%s.%N)
print_s=$(echo "$t1 - $t0" | bc -l)

if command -v sysdig > /dev/null; then
  t0=$(date +%s.%N)
  sysdig -r "$cap" -q
  t1=$(date +%s.%N)
  sysdig_s=$(echo "$t1 - $t0" | bc -l)
else
  sysdig_s=""
fi
printf '\n%-40s %10s %14s\n' "reader" "seconds" "events/s"
printf '%-40s %10.2f %14.0f\n' "saker decode (saker-decode-bench)" "$saker_s" "$(echo "$events / $saker_s" | bc -l)"
printf '%-40s %10.2f %14.0f\n' "saker print (state + format, to null)" "$print_s" "$(echo "$events / $print_s" | bc -l)"
if [ -n "$sysdig_s" ]; then
  printf '%-40s %10.2f %14.0f\n' "sysdig -r -q (0.29)" "$sysdig_s" "$(echo "$events / $sysdig_s" | bc -l)"
  printf 'speed-up of saker decode over sysdig: %.1fx\n' "$(echo "$sysdig_s / $saker_s" | bc -l)"
fi
