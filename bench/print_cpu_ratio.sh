#!/usr/bin/env bash
# CPU time of `saker print -q` beside `sysdig -r FILE -q` on the same captures, for a machine
# that is not quiet (wall times then measure the neighbours): the median task-clock of RUNS
# interleaved runs each, and the ratio (sysdig / Saker). Saker's read-ahead thread is counted,
# so on a quiet machine the wall-time ratio is at least this.
# Usage: bench/print_cpu_ratio.sh CAPTURE...   (env: RUNS, default 9; SAKER, default build/cli/saker)
set -euo pipefail
cd "$(dirname "$0")/.."
saker=${SAKER:-$PWD/build/cli/saker}
runs=${RUNS:-9}
command -v perf >/dev/null || { echo "print_cpu_ratio.sh: needs perf (linux-perf)" >&2; exit 1; }
command -v sysdig >/dev/null || { echo "print_cpu_ratio.sh: needs sysdig" >&2; exit 1; }
cpu_ms() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for f in "$@"; do
  s=() p=()
  for _ in $(seq "$runs"); do
    s+=("$(cpu_ms "$saker" print -q "$f")")
    p+=("$(cpu_ms sysdig -r "$f" -q)")
  done
  ms=$(printf '%s\n' "${s[@]}" | median)
  mp=$(printf '%s\n' "${p[@]}" | median)
  awk -v f="$(basename "$f")" -v a="$ms" -v b="$mp" \
    'BEGIN {printf "%-36s saker %8.1f ms CPU   sysdig %8.1f ms CPU   -> %.2fx\n", f, a, b, b / a}'
done
