#!/usr/bin/env bash
# Saker beside its peers on the same captures: read, state, filter and rule throughput.
# Usage: bench/run_bench.sh [EVENTS] [RUNS] [SCALE]   (after scripts/build.sh)
#   EVENTS: size of the generator's synthetic capture (default 2000000; 0 leaves it out)
#   RUNS:   runs per command (default 5); peers run interleaved with Saker, the median is kept
#   SCALE:  work of the recorded corpus (bench/corpus/record_corpus.sh; root only; 0 leaves it out)
# Peers, each skipped with a message when absent: Debian's sysdig 0.29 (reads only compat
# captures) and Falco 0.39.2 built by ../shared/tools/build-falco-peer.sh (FALCO_PEER, default
# /tmp/falco-peer), which runs the rules of its folder's rules/falco_rules.yaml (falcosecurity/rules
# of mid-2024) beside Saker on the same file.
set -euo pipefail
cd "$(dirname "$0")/.."
events=${1:-2000000}
runs=${2:-5}
scale=${3:-1}
saker=./build/cli/saker
peer=${FALCO_PEER:-/tmp/falco-peer}
filter='evt.type in (open, openat) and fd.name contains /etc'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

captures=()
if [ "$events" -gt 0 ]; then
  ./build/bench/saker-gencap --scenario load --events "$events" -o "$tmp/generator.scap" 2>/dev/null
  captures+=("$tmp/generator.scap")
fi
if [ "$scale" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    mapfile -t corpus < <(bench/corpus/record_corpus.sh "$scale")
    captures+=("${corpus[@]}")
  else
    echo "(the recorded corpus needs root: left out)"
  fi
fi

# Rules both engines load: the peer's falco_rules.yaml when it is built, else the shared one.
rules=../shared/rules/falco_rules.yaml
have_falco=""
if [ -x "$peer/bin/falco" ] && [ -f "$peer/rules/falco_rules.yaml" ]; then
  have_falco=1
  rules="$peer/rules/falco_rules.yaml"
else
  echo "(Falco peer not found at $peer: build it with ../shared/tools/build-falco-peer.sh)"
fi
have_sysdig=""
command -v sysdig > /dev/null && have_sysdig=1 || echo "(sysdig not installed: apt-get install sysdig)"

now() { date +%s%N; }
# Runs each command of the pairs RUNS times, interleaved, and prints the median seconds of each.
# Usage: interleaved CMD1 -- CMD2 (CMD2 may be empty)
median() { sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f", m / 1e9}'; }
interleaved() {
  local a=() b=() seen=""
  for arg in "$@"; do
    if [ "$arg" = "--" ] && [ -z "$seen" ]; then seen=1; continue; fi
    if [ -z "$seen" ]; then a+=("$arg"); else b+=("$arg"); fi
  done
  : > "$tmp/ta"; : > "$tmp/tb"
  for _ in $(seq "$runs"); do
    local t0; t0=$(now); "${a[@]}" > /dev/null 2>&1 || true; echo $(( $(now) - t0 )) >> "$tmp/ta"
    if [ ${#b[@]} -gt 0 ]; then
      t0=$(now); "${b[@]}" > /dev/null 2>&1 || true; echo $(( $(now) - t0 )) >> "$tmp/tb"
    fi
  done
  echo "$(median < "$tmp/ta") $( [ ${#b[@]} -gt 0 ] && median < "$tmp/tb" || echo -)"
}
row() {  # label saker_s peer_s peer_name saker_startup_s
  local rate steady="-" ratio=""
  rate=$(echo "$n / $2" | bc -l)
  # Events per second once started: the run minus the same command's run on the 56-event sample
  # (loading, rules, first read), which dominates on small captures.
  if [ "$(echo "$2 > $5" | bc -l)" = 1 ]; then steady=$(printf '%.0f' "$(echo "$n / ($2 - $5)" | bc -l)"); fi
  if [ "$3" != "-" ]; then ratio=$(printf '  %s %.3f s  -> %.2fx' "$4" "$3" "$(echo "$3 / $2" | bc -l)"); fi
  printf '  %-30s %7.3f s %10.0f ev/s (%s after start-up)%s\n' "$1" "$2" "$rate" "$steady" "$ratio"
}

# Start-up of each Saker command: its median on the bundled 56-event sample.
sample=samples/shell-session.scap
read -r start_print _ < <(interleaved "$saker" print -q "$sample")
read -r start_filter _ < <(interleaved "$saker" print -q "$sample" "$filter")
read -r start_replay _ < <(interleaved "$saker" replay -q -r "$rules" "$sample")
echo "start-up on the 56-event sample: print -q $start_print s, print -q FILTER $start_filter s, replay $start_replay s"

for cap in "${captures[@]}"; do
  n=$(./build/bench/saker-decode-bench "$cap" | awk '$1 == "events" {print $2}')
  compat=""
  case "$cap" in *-compat.scap | */generator.scap) compat=1 ;; esac
  echo
  echo "$(basename "$cap"): $n events, $(( $(stat -c %s "$cap") / 1000000 )) MB"
  sysdig_ok=""
  if [ -n "$have_sysdig" ] && [ -n "$compat" ] && sysdig -r "$cap" -q -n 1 > /dev/null 2>&1; then sysdig_ok=1; fi
  read -r s p < <(interleaved "$saker" print -q "$cap" -- ${sysdig_ok:+sysdig -r "$cap" -q})
  row "print -q (read + state)" "$s" "$p" "sysdig" "$start_print"
  read -r s p < <(interleaved "$saker" print -q "$cap" "$filter" -- ${sysdig_ok:+sysdig -r "$cap" -q "$filter"})
  row "print -q FILTER" "$s" "$p" "sysdig" "$start_filter"
  falco_ok=""
  if [ -n "$have_falco" ] && "$peer/bin/falco" -c "$peer/falco.yaml" -o config_files= -r "$rules" \
      -o engine.kind=replay -o "engine.replay.capture_file=$cap" > /dev/null 2>&1; then falco_ok=1; fi
  read -r s p < <(interleaved "$saker" replay -q -r "$rules" "$cap" -- \
    ${falco_ok:+"$peer/bin/falco" -c "$peer/falco.yaml" -o config_files= -r "$rules" -o json_output=true \
      -o engine.kind=replay -o "engine.replay.capture_file=$cap"})
  row "replay -r falco_rules.yaml" "$s" "$p" "falco" "$start_replay"
done
echo
echo "Ratios above 1 mean Saker is faster (peer time / Saker time). sysdig runs only on compat captures."
