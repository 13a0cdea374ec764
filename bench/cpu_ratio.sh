#!/usr/bin/env bash
# CPU time of Saker beside its peers on the same captures, for a machine that is not quiet
# (wall times then measure the neighbours): the median task-clock of RUNS interleaved runs
# each, and the ratio (peer / Saker), for
#   print -q          beside sysdig -r FILE -q           (compat captures: sysdig 0.29 reads no other)
#   print -q FILTER   beside sysdig -r FILE -q FILTER
#   replay -r RULES   beside Falco 0.39.2 (FALCO_PEER, built by ../shared/tools/build-falco-peer.sh)
# Saker's read-ahead thread is counted, so on a quiet machine the wall-time ratio is at least
# this. Rows whose peer is absent or cannot read the capture show Saker alone.
# Usage: bench/cpu_ratio.sh CAPTURE...   (env: RUNS, default 9; SAKER, default build/cli/saker;
#        FALCO_PEER, default /tmp/falco-peer; RULES, default the peer's falco_rules.yaml)
set -euo pipefail
cd "$(dirname "$0")/.."
saker=${SAKER:-$PWD/build/cli/saker}
runs=${RUNS:-9}
peer=${FALCO_PEER:-/tmp/falco-peer}
filter='evt.type in (open, openat) and fd.name contains /etc'
command -v perf >/dev/null || { echo "cpu_ratio.sh: needs perf (linux-perf)" >&2; exit 1; }
have_sysdig=""
command -v sysdig >/dev/null && have_sysdig=1 || echo "(sysdig not installed: print rows show Saker alone)"
have_falco=""
rules=${RULES:-../shared/rules/falco_rules.yaml}
if [ -x "$peer/bin/falco" ] && [ -f "$peer/rules/falco_rules.yaml" ]; then
  have_falco=1
  rules=${RULES:-$peer/rules/falco_rules.yaml}
else
  echo "(Falco peer not found at $peer: replay rows show Saker alone)"
fi
cpu_ms() { perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}'; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# row LABEL -- SAKER_CMD... [-- PEER_CMD...]
row() {
  local label=$1 a=() b=() part=0
  shift
  for arg in "$@"; do
    if [ "$arg" = "--" ]; then part=$((part + 1)); continue; fi
    if [ "$part" = 1 ]; then a+=("$arg"); else b+=("$arg"); fi
  done
  local s=() p=()
  for _ in $(seq "$runs"); do
    s+=("$(cpu_ms "${a[@]}")")
    [ ${#b[@]} -gt 0 ] && p+=("$(cpu_ms "${b[@]}")")
  done
  local ms mp="-"
  ms=$(printf '%s\n' "${s[@]}" | median)
  [ ${#p[@]} -gt 0 ] && mp=$(printf '%s\n' "${p[@]}" | median)
  awk -v l="$label" -v a="$ms" -v b="$mp" -v n="$events" \
    'BEGIN {printf "  %-18s saker %8.1f ms CPU %6.2f M ev/s", l, a, n / a / 1000;
            if (b == "-") printf "\n"; else printf "   peer %8.1f ms CPU   -> %.2fx\n", b, b / a}'
}
for f in "$@"; do
  events=$(./build/bench/saker-decode-bench "$f" | awk '$1 == "events" {print $2}')
  echo "$(basename "$f"): $events events (M ev/s: events over Saker's whole run's CPU time, start-up included)"
  sysdig_cmd=() falco_cmd=()
  if [ -n "$have_sysdig" ] && sysdig -r "$f" -q -n 1 >/dev/null 2>&1; then sysdig_cmd=(-- sysdig -r "$f" -q); fi
  if [ -n "$have_falco" ]; then
    falco_cmd=(-- "$peer/bin/falco" -c "$peer/falco.yaml" -o config_files= -r "$rules" -o json_output=true
      -o engine.kind=replay -o "engine.replay.capture_file=$f")
  fi
  row "print -q" -- "$saker" print -q "$f" "${sysdig_cmd[@]}"
  row "print -q FILTER" -- "$saker" print -q "$f" "$filter" ${sysdig_cmd[@]:+"${sysdig_cmd[@]}" "$filter"}
  row "replay" -- "$saker" replay -q -r "$rules" "$f" "${falco_cmd[@]}"
done
