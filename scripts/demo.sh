#!/usr/bin/env bash
# Installs what Saker needs, builds it, and runs the main job on the bundled sample:
# replaying the capture through Saker's default rules.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh
sample=samples/shell-session.scap
./build/cli/saker info "$sample"
./build/cli/saker replay "$sample"
