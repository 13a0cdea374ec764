#!/usr/bin/env bash
# Overhead of live recording on syscall-heavy workloads (root; after scripts/build.sh).
# Usage: bench/record_bench.sh [ROUNDS] [RUNS]
# Runs each workload bare and while `saker record` captures the whole system into a file,
# RUNS times each (default 5), and prints the median wall time, the overhead, the events the
# recorder wrote per second of workload, kernel drops and recorder CPU per event.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-200000}
runs=${2:-5}
saker=./build/cli/saker
loop="./build/bench/saker-syscall-loop $rounds"
dd_cmd="dd if=/dev/zero of=/dev/null bs=1 count=$((rounds * 3))"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s%N; }

time_bare() {  # median ns of the workload alone
  for _ in $(seq "$runs"); do
    local t0; t0=$(now); $1 >/dev/null 2>&1; echo $(( $(now) - t0 ))
  done | median
}

# Prints "median_ns events drops cpu_ns" for the workload under a system-wide recording.
time_recorded() {
  local syscalls=$1 cmd=$2
  for i in $(seq "$runs"); do
    local log="$dir/rec$i.log"
    $saker record -w "$dir/rec$i.scap" --syscalls "$syscalls" --ring-size 8M 2>"$log" &
    local pid=$!
    until grep -q recording "$log" 2>/dev/null; do sleep 0.05; done
    local t0; t0=$(now); $cmd >/dev/null 2>&1; local d=$(( $(now) - t0 ))
    local ticks; ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    kill -INT "$pid"; wait "$pid" || true
    local events drops
    events=$(sed -n 's/.*: \([0-9]*\) events in.*/\1/p' "$log")
    drops=$(sed -n 's/.*s, \([0-9]*\) dropped.*/\1/p' "$log")
    echo "$d $events $drops $(( ticks * 1000000000 / $(getconf CLK_TCK) ))"
    rm -f "$dir/rec$i.scap"
  done | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}

report() {
  local name=$1 bare=$2 rec=$3
  read -r d events drops cpu <<<"$rec"
  awk -v n="$name" -v b="$bare" -v d="$d" -v e="$events" -v dr="$drops" -v c="$cpu" 'BEGIN {
    printf "%-44s bare %.3f s  recorded %.3f s  overhead %+.0f%%  %.0f events/s  drops %d  %.0f ns CPU/event\n",
      n, b/1e9, d/1e9, (d-b)*100/b, e/(d/1e9), dr, (e > 0 ? c/e : 0) }'
}

loop_bare=$(time_bare "$loop")
report "open/read/close loop, all syscalls" "$loop_bare" "$(time_recorded all "$loop")"
report "open/read/close loop, only openat" "$loop_bare" "$(time_recorded openat "$loop")"
report "open/read/close loop, none of its syscalls" "$loop_bare" "$(time_recorded execve "$loop")"
dd_bare=$(time_bare "$dd_cmd")
report "dd bs=1, all syscalls" "$dd_bare" "$(time_recorded all "$dd_cmd")"
