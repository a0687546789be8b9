#!/bin/sh
# CTest driver: installs the pinned JS SDK into the build tree (never the source tree) and
# runs compat.mjs against dms-sim, and dms-extpack-cli whose SSO token files the SDK must read.
# Needs Node.js 18 or later and npm, which scripts/install-deps.sh installs (Debian's nodejs and
# npm); without them the test fails.
# usage: run.sh SOURCE_DIR WORK_DIR DMS_SIM_BINARY DMS_EXTPACK_CLI_BINARY
set -eu
src=$1
work=$2
DMSX_SIM_BIN=$3
DMSX_CLI_BIN=$4
export DMSX_SIM_BIN DMSX_CLI_BIN
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "FAIL: node or npm not found: the AWS JS SDK compatibility test needs Node.js 18+ and npm" >&2
    echo "      (scripts/install-deps.sh installs Debian's nodejs and npm)" >&2
    exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
    echo "FAIL: Node.js $(node --version) is too old: the pinned AWS JS SDK needs 18 or later" >&2
    exit 1
fi
mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src/compat.mjs" "$src/sso.mjs" "$src/ssocli.mjs" "$work/"
cd "$work"
npm ci --no-audit --no-fund
exec node compat.mjs
