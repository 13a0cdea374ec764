#!/usr/bin/env bash
# Read, state, filter and rule throughput of Saker beside sysdig 0.29 on the same capture.
# Usage: bench/run_bench.sh [EVENTS] [RUNS]   (after scripts/build.sh)
# Each command runs RUNS times (default 5) on a warm page cache; the best time is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000000}
runs=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cap="$dir/load.scap"
./build/bench/saker-gencap --scenario load --events "$events" -o "$cap" 2>/dev/null
size=$(stat -c %s "$cap")
n=$(./build/bench/saker-decode-bench "$cap" | awk '$1 == "events" {print $2}')
echo "capture: $n events, $((size / 1000000)) MB (synthetic load scenario, enter/exit pairs)"
filter='evt.type=openat and fd.name contains /etc'
falco_rules=../shared/rules/falco_rules.yaml

best() {  # best wall time in seconds over $runs runs of the command
  local b=""
  for _ in $(seq "$runs"); do
    local t0 t1 d
    t0=$(date +%s%N)
    "$@" > /dev/null 2>&1
    t1=$(date +%s%N)
    d=$(( t1 - t0 ))
    if [ -z "$b" ] || [ "$d" -lt "$b" ]; then b=$d; fi
  done
  echo "scale=3; $b / 1000000000" | bc -l
}
row() { printf '%-58s %8.3f s %12.0f events/s\n' "$1" "$2" "$(echo "$n / $2" | bc -l)"; }
ratio() { printf '  -> saker is %.1fx sysdig\n' "$(echo "$1 / $2" | bc -l)"; }

decode=$(best ./build/bench/saker-decode-bench "$cap"); row "saker decode (saker-decode-bench)" "$decode"
state=$(best ./build/cli/saker print -q "$cap"); row "saker print -q (decode + state)" "$state"
filtered=$(best ./build/cli/saker print -q "$cap" "$filter"); row "saker print -q '$filter'" "$filtered"
if command -v sysdig > /dev/null; then
  s_plain=$(best sysdig -r "$cap" -q); row "sysdig 0.29 -r FILE -q" "$s_plain"
  s_filter=$(best sysdig -r "$cap" -q "$filter"); row "sysdig 0.29 -r FILE -q '$filter'" "$s_filter"
  echo "decode:"; ratio "$s_plain" "$decode"
  echo "state:"; ratio "$s_plain" "$state"
  echo "state + filter:"; ratio "$s_filter" "$filtered"
fi
default_rules=$(best ./build/cli/saker replay -q "$cap"); row "saker replay (Saker's default rules)" "$default_rules"
if [ -f "$falco_rules" ]; then
  falco=$(best ./build/cli/saker replay -q -r "$falco_rules" "$cap"); row "saker replay -r falco_rules.yaml (upstream rules)" "$falco"
fi
