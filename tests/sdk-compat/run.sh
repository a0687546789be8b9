#!/bin/sh
# CTest driver: installs the pinned JS SDK into the build tree (never the source tree) and
# runs compat.mjs against dms-sim. Exit 77 (CTest "skipped") only when Node.js is absent.
# usage: run.sh SOURCE_DIR WORK_DIR DMS_SIM_BINARY
set -eu
src=$1
work=$2
DMSX_SIM_BIN=$3
export DMSX_SIM_BIN
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "SKIPPED: node/npm not found; the AWS JS SDK compatibility test needs Node.js 18+ and npm"
    exit 77
fi
mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src/compat.mjs" "$work/"
cd "$work"
npm ci --no-audit --no-fund
exec node compat.mjs
