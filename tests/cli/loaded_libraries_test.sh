#!/bin/sh
# saker-core must start with glibc only when built with SAKER_STATIC_DEPS, and must not load
# libcurl for a subcommand without a URL (docs/decisions.md: start-up is most of a run on a
# small capture). Usage: loaded_libraries_test.sh SAKER_CORE SAMPLE STATIC(ON|OFF)
set -eu
core=$1 sample=$2 static=$3
loaded=$(LD_DEBUG=libs "$core" print -q "$sample" 2>&1 >/dev/null | sed -n 's/.*calling init: //p')
[ -n "$loaded" ] || { echo "no 'calling init' lines from LD_DEBUG=libs: cannot check" >&2; exit 1; }
echo "$loaded"
if echo "$loaded" | grep -q libcurl; then
  echo "FAIL: print loaded libcurl" >&2
  exit 1
fi
if [ "$static" = ON ]; then
  extra=$(echo "$loaded" | grep -Ev '/(libc|libm)\.so\.6$|/ld-linux' || true)
  if [ -n "$extra" ]; then
    echo "FAIL: saker-core loads more than glibc:" >&2
    echo "$extra" >&2
    exit 1
  fi
fi
echo "ok"
