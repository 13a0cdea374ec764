#!/usr/bin/env bash
# Installs every Debian package Saker needs to build, test and run (Debian 12).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git python3
  clang llvm libbpf-dev bpftool libelf-dev
  zlib1g-dev libzstd-dev liblz4-dev zstd
  libsqlite3-dev libcurl4-openssl-dev clickhouse-server clickhouse-client
  libyaml-cpp-dev libfmt-dev libre2-dev libcli11-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-base-dev-tools libgl-dev
  clang-format
  systemd util-linux
  libclang-rt-14-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# sysdig is the test oracle; --no-install-recommends skips its kernel-module build.
dpkg-query -W -f='${Status}' sysdig 2>/dev/null | grep -q "install ok installed" || need_sysdig=1
if [ "${#missing[@]}" -gt 0 ] || [ -n "${need_sysdig:-}" ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  [ "${#missing[@]}" -gt 0 ] && $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ -n "${need_sysdig:-}" ] && $SUDO apt-get install -y -q --no-install-recommends sysdig
fi
echo "setup: all packages present"
