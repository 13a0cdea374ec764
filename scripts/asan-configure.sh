#!/usr/bin/env bash
# Configures build-asan/: clang with ASan + UBSan (undefined behaviour aborts) and the libFuzzer
# targets. Shared by scripts/sanitize.sh and scripts/fuzz.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja \
  -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only" \
  -DSAKER_FUZZ=ON >/dev/null
