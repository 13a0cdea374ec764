#!/usr/bin/env bash
# Records the conformance suite's own captures (captures/ here) with `saker record` on this
# machine: one small, deterministic workload per scenario (C programs in scenarios/, compiled
# first, and a few shell commands), each in the default profile (current: exit events only)
# and with --compat (enter/exit pairs, what sysdig 0.29 reads). captures/README.md lists them.
#
# Every recording starts with a /proc scan of the whole machine (every process, its
# environment and its fds). Before a capture is committed it goes through
# `saker convert --sanitize`, which keeps only the processes the capture's events touch and
# drops every environment from the process list; the workloads run with a fixed, minimal
# environment (env -i), so their own execve events hold nothing of the developer's.
#
# Usage (root, from the repository root, after building saker):
#   tests/conformance/record_scenarios.sh [-s build/cli/saker] [-o tests/conformance/captures] [SCENARIO...]
# With no SCENARIO, records every one. Needs gcc, python3 (the container scenario's fake
# Docker API), strace (ptrace), and a writable cgroup v2 hierarchy for the container scenario
# (skipped with a message otherwise).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SAKER=build/cli/saker
OUT=$HERE/captures
while getopts "s:o:h" opt; do
  case $opt in
    s) SAKER=$OPTARG ;;
    o) OUT=$OPTARG ;;
    *) sed -n '2,18p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
SAKER=$(realpath "$SAKER")
[ "$(id -u)" = 0 ] || { echo "record_scenarios.sh: saker record needs root (eBPF)" >&2; exit 1; }
[ -x "$SAKER" ] || { echo "record_scenarios.sh: no saker at $SAKER (build it first, or -s PATH)" >&2; exit 1; }

# Workloads run here, so paths in the captures are the same on every run.
WORK=/tmp/saker-scenarios
BIN=$WORK/bin
RAW=$WORK/raw
rm -rf "$WORK"
mkdir -p "$BIN" "$RAW" "$OUT"
for src in "$HERE"/scenarios/*.c; do
  gcc -O1 -Wall -Wno-unused-result -pthread -o "$BIN/$(basename "$src" .c)" "$src"
done
printf '#!/bin/sh\necho script run through its interpreter\n' >"$WORK/script.sh"
chmod 755 "$WORK/script.sh"

CLEAN_ENV=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=$WORK LANG=C.UTF-8 TERM=dumb)

# sanitize RAW NAME PROFILE [convert options...]: the committed capture, gzip -9 (every reader,
# sysdig 0.29 included, reads gzip).
sanitize() {
  local raw=$1 name=$2 profile=$3
  shift 3
  "$SAKER" convert "$raw" "$OUT/$name.scap" --sanitize --profile "$profile" --compress gzip \
    --compress-level 9 "$@" >/dev/null 2>"$WORK/convert.err" || { cat "$WORK/convert.err" >&2; return 1; }
  printf '%-28s %8d bytes  %s\n' "$name.scap" "$(stat -c %s "$OUT/$name.scap")" \
    "$("$SAKER" info "$OUT/$name.scap" 2>/dev/null | grep -m1 -i '^events' || true)"
}

# record NAME COMMAND...: the scenario in both profiles (NAME.scap and NAME_compat.scap).
record() {
  local name=$1
  shift
  for profile in current compat; do
    local suffix="" flags=()
    if [ $profile = compat ]; then suffix=_compat; flags=(--compat); fi
    rm -f "$WORK"/*.txt "$WORK"/*.bin "$WORK"/*.log "$WORK"/*.sock "$WORK"/fifo
    (cd "$WORK" && "${CLEAN_ENV[@]}" "$SAKER" record -q --syscalls all "${flags[@]}" \
      -w "$RAW/$name$suffix.scap" -- "$@" >/dev/null)
    sanitize "$RAW/$name$suffix.scap" "$name$suffix" $profile
  done
}

scenario_unix_socket() { record unix_socket "$BIN/unix_socket"; }
scenario_tcp_accept() { record tcp_accept "$BIN/tcp_accept"; }
scenario_udp_sendto() { record udp_sendto "$BIN/udp_sendto"; }
scenario_dup_fcntl() { record dup_fcntl "$BIN/dup_fcntl"; }
scenario_pipes() {
  record pipes sh -c 'cat /etc/passwd | grep root | tr a-z A-Z > pipe-out.txt; printf x | cat > /dev/null;
    mkfifo fifo; (echo through a fifo > fifo &); cat fifo > /dev/null; rm fifo'
}
scenario_fork_clone3() { record fork_clone3 "$BIN/fork_clone3"; }
scenario_execveat() { record execveat "$BIN/execveat"; }
scenario_setuid_drop() { record setuid_drop "$BIN/setuid_drop"; }
scenario_memfd_exec() { record memfd_exec "$BIN/memfd_exec"; }
scenario_mmap_file() { record mmap_file "$BIN/mmap_file"; }
scenario_ptrace() { record ptrace sh -c "$BIN/ptrace_attach; strace -f -qq -o /dev/null /usr/bin/true"; }
scenario_paths_chdir() { record paths_chdir "$BIN/paths_chdir"; }

# Files and sockets opened before the recording started: a process opens them, the whole
# host is recorded for 2 s while it uses them (read, write, sendto, recvfrom only, so other
# processes' events carry no command lines or environments), and the capture keeps that
# process's events (others' exits stay, state-only).
scenario_open_before() {
  for profile in current compat; do
    local suffix="" flags=()
    if [ $profile = compat ]; then suffix=_compat; flags=(--compat); fi
    (cd "$WORK" && exec "${CLEAN_ENV[@]}" "$BIN/open_before" 4) &
    local pid=$!
    sleep 1
    "${CLEAN_ENV[@]}" "$SAKER" record -q --syscalls =read,write,sendto,recvfrom "${flags[@]}" --duration 2 \
      -w "$RAW/open_before$suffix.scap"
    wait $pid
    sanitize "$RAW/open_before$suffix.scap" "open_before$suffix" $profile --filter "proc.pid = $pid"
  done
}

# Container metadata without a Docker daemon: a fake Docker Engine API on a unix socket
# (scenarios/fake_docker_api.py) and docker-<id>.scope groups in the cgroup v2 hierarchy, as
# tests/capture/container_record_test.cpp does. One container has a process before the
# recording starts (its metadata comes first, as initial state); the recorded command moves
# itself into a second one (its metadata arrives mid-stream).
scenario_container() {
  local root
  root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
  if [ -z "$root" ] || ! mkdir -p "$root/saker-scenarios.slice" 2>/dev/null; then
    echo "container: skipped, no writable cgroup v2 hierarchy" >&2
    return 0
  fi
  local before=c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00
  local live=5eed00005eed00005eed00005eed00005eed00005eed00005eed00005eed0000
  local slice=$root/saker-scenarios.slice
  mkdir -p "$slice/docker-$before.scope" "$slice/docker-$live.scope"
  python3 "$HERE/scenarios/fake_docker_api.py" "$WORK/docker.sock" &
  local api=$!
  "${CLEAN_ENV[@]}" sleep 30 &
  local sleeper=$!
  echo $sleeper >"$slice/docker-$before.scope/cgroup.procs"
  for _ in $(seq 50); do [ -S "$WORK/docker.sock" ] && break; sleep 0.1; done
  for profile in current compat; do
    local suffix="" flags=()
    if [ $profile = compat ]; then suffix=_compat; flags=(--compat); fi
    (cd "$WORK" && "${CLEAN_ENV[@]}" "$SAKER" record -q --syscalls all "${flags[@]}" \
      --container-socket "$WORK/docker.sock" -w "$RAW/container$suffix.scap" -- \
      sh -c "echo \$\$ > $slice/docker-$live.scope/cgroup.procs; sleep 0.3; cat /etc/hostname; ls /usr" >/dev/null)
    sanitize "$RAW/container$suffix.scap" "container$suffix" $profile
  done
  kill $sleeper $api
  wait $sleeper $api 2>/dev/null || true
  for s in "$slice"/docker-*.scope; do
    while read -r p; do echo "$p" >"$root/cgroup.procs"; done <"$s/cgroup.procs"
    rmdir "$s"
  done
  rmdir "$slice"
}

ALL="unix_socket tcp_accept udp_sendto dup_fcntl pipes fork_clone3 execveat setuid_drop memfd_exec mmap_file
ptrace paths_chdir open_before container"
for s in ${*:-$ALL}; do
  "scenario_$s"
done
echo "kernel $(uname -r); saker $("$SAKER" --version 2>/dev/null || echo '?')"
