#!/usr/bin/env bash
# What recording costs before any argument is read: the syscall loop's CPU time (median of
# RUNS, alternating) bare and with one minimal sys_exit program each, from the tracepoint's
# own cost to a 32-byte event with a timestamp. Root; after scripts/build.sh.
# Usage: bench/record_floor.sh [ROUNDS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200000}
runs=${2:-9}
floor=./build/bench/saker-record-floor
loop="./build/bench/saker-syscall-loop $rounds"
steps="none floor_empty floor_selected floor_timestamp floor_output floor_reserve floor_minimal_event"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$runs"); do
  for s in $steps; do echo "$s $($floor "$s" $loop 2>/dev/null)" >> "$out"; done
done
median() { grep "^$1 " "$out" | cut -d' ' -f2 | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bare=$(median none)
syscalls=$((rounds * 3))
printf '%-22s %10s %9s %14s\n' program "CPU ms" overhead "ns per syscall"
for s in $steps; do
  m=$(median "$s")
  awk -v s="$s" -v m="$m" -v b="$bare" -v n="$syscalls" \
    'BEGIN { printf "%-22s %10.1f %+8.1f%% %14.0f\n", s, m, (m / b - 1) * 100, (m - b) * 1e6 / n }'
done
echo "($rounds rounds of open/read/close, $syscalls syscalls; load average $(cut -d' ' -f1 /proc/loadavg))"
