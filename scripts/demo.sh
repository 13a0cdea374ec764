#!/usr/bin/env bash
# Installs what Saker needs, builds it, and runs the main job on the bundled sample.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
sample=samples/shell-session.scap
./build/cli/saker info "$sample"
./build/cli/saker print "$sample" -n 40
