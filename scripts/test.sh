#!/bin/sh
# Installs, builds and runs the whole test suite inside a D-Bus session with an
# unlocked gnome-keyring and an Xvfb display (tests themselves use the offscreen platform).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
exec scripts/with-session.sh ctest --test-dir build --output-on-failure --parallel 2 "$@"
