#!/usr/bin/env bash
# Records the real-workload benchmark corpus with `saker record` on this machine (root, eBPF):
# five scenarios, each in both profiles (current and --compat), written once into the cache
# folder and reused by later runs. Prints the path of every corpus capture, one per line.
# Usage: bench/corpus/record_corpus.sh [SCALE]   (SCALE multiplies each scenario's work; default 1)
# Env: SAKER_BENCH_CACHE (default ~/.cache/saker-bench), SAKER (default build/cli/saker),
#      SAKER_BENCH_RERECORD=1 records again even when the cache holds a capture.
set -euo pipefail
cd "$(dirname "$0")/../.."
scale=${1:-1}
saker=${SAKER:-$PWD/build/cli/saker}
cache=${SAKER_BENCH_CACHE:-$HOME/.cache/saker-bench}
scenarios_dir=$PWD/bench/corpus/scenarios
mkdir -p "$cache"
chmod 700 "$cache"
[ "$(id -u)" = 0 ] || { echo "record_corpus.sh: recording needs root (eBPF)" >&2; exit 1; }

for scenario in "$scenarios_dir"/*.sh; do
  name=$(basename "$scenario" .sh)
  for profile in current compat; do
    out="$cache/${name}-x${scale}-${profile}.scap"
    if [ -s "$out" ] && [ -z "${SAKER_BENCH_RERECORD:-}" ]; then
      echo "$out"
      continue
    fi
    work=$(mktemp -d)
    flags=(--syscalls all -q --force -w "$out.part")
    [ "$profile" = compat ] && flags+=(--compat)
    echo "recording $name ($profile, scale $scale)..." >&2
    # The scenario runs in its own folder; the recorder follows it and its descendants only.
    (cd "$work" && SCALE=$scale "$saker" record "${flags[@]}" -- bash "$scenario") >&2
    mv "$out.part" "$out"
    rm -rf "$work"
    echo "$out"
  done
done
