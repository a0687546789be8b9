#!/bin/sh
# Installs, builds and runs the whole test suite inside a D-Bus session with an
# unlocked gnome-keyring and an Xvfb display (tests themselves use the offscreen platform).
# Then builds the same tree with clang under ASan+UBSan (and the fuzzers) into ./build-asan and
# runs the tests there again; DMSX_TEST_ASAN=0 skips that second half on a developer's machine.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh
export QT_QPA_PLATFORM=offscreen
# More tests than cores at once: most of a test's time is spent waiting (on loopback servers, poll
# intervals, SQLite's fsync, the window's timers), not computing. The GCC tree's suite used 96 s of
# CPU in 144 s wall at 2 at once on 2 cores; at 4 it took half the wall time. The ASan tree's tests
# compute two to three times more, so one more than the cores there.
cores=$(nproc)
scripts/with-session.sh ctest --test-dir build --output-on-failure --parallel $((cores * 2)) "$@"

if [ "${DMSX_TEST_ASAN:-1}" = 0 ]; then
  exit 0
fi
# Every finding of ASan, LSan or UBSan fails the run: tests/CMakeLists.txt gives each test the
# sanitizers' options, and the sanitizer_reports test prints and fails on what any process wrote.
# All the unit, integration, widget, keychain, end-to-end and SDK tests run there, and the fuzzers
# (label fuzz) for their short default time. Left out: the package label, which packs and lints
# the .deb (of an instrumented build here): packaging, no code of ours runs that the others miss.
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDMSX_SANITIZE=ON -DDMSX_BUILD_FUZZERS=ON -DDMSX_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build build-asan
exec scripts/with-session.sh ctest --test-dir build-asan --output-on-failure --parallel $((cores + 1)) \
  --label-exclude '^package$' "$@"
