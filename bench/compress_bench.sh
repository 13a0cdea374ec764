#!/usr/bin/env bash
# Compression of captures: size, write and read speed of zstd (Saker's seekable format), gzip
# and lz4 on the same capture, and the triggered recorder's history ring cost per event.
# Usage: bench/compress_bench.sh [CAPTURE...]   (after scripts/build.sh; RUNS=3 by default)
# Without arguments: a 1,000,000-event synthetic `load` capture and, as root, 15 s of this
# host recorded with `saker record` (the default syscall selection), each also with a flush
# every 256 KiB and 64 KiB (a recorder flushing once a second on a quieter host).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
build=${BUILD:-build}
dir=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$dir"' EXIT
caps=("$@")
if [ "${#caps[@]}" -eq 0 ]; then
  "./$build/bench/saker-gencap" --scenario load --events 1000000 -o "$dir/load.scap" >/dev/null 2>&1
  caps+=("$dir/load.scap")
  if [ "$(id -u)" -eq 0 ]; then
    "./$build/cli/saker" record -q -w "$dir/host.scap" --duration 15
    caps+=("$dir/host.scap")
  fi
fi
for c in "${caps[@]}"; do
  "./$build/bench/saker-compress-bench" "$c" --runs "$runs"
  for f in 262144 65536; do
    "./$build/bench/saker-compress-bench" "$c" --runs "$runs" --flush-every "$f" | sed -n '1,4p;7p'
  done
  echo
done
