#!/bin/sh
# Installs every Debian 12 package the build, the tests and the app need.
# Idempotent: when everything is present it touches nothing and asks no mirror.
# --bench: also what scripts/bench.sh needs on top (hyperfine); CI's path never asks for it.
set -eu

PACKAGES="
  cmake ninja-build g++ pkg-config
  qt6-base-dev libqt6sql6-sqlite qtkeychain-qt6-dev libsecret-1-0 libssl-dev
  qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-l10n-tools
  libbenchmark-dev
  xvfb xauth dbus gnome-keyring libsecret-tools fonts-dejavu-core
  imagemagick xdotool at-spi2-core python3-pyatspi
  ca-certificates procps
  librsvg2-bin help2man dpkg-dev file lintian desktop-file-utils appstream
  clang clang-14 libclang-rt-14-dev llvm-14 lld
"
# librsvg2-bin and help2man render the icons and the man page at build time; dpkg-dev (dpkg-shlibdeps),
# file, lintian, desktop-file-utils and appstream build and check the .deb (the package_deb test).
# clang with its sanitizer runtimes (libclang-rt-14-dev) and llvm-14's llvm-symbolizer build and
# symbolize the ASan+UBSan tree (build-asan) and the fuzzers that scripts/test.sh runs as well.
# lld (ld.lld, for GCC's -fuse-ld=lld too) links both trees (cmake/ProjectOptions.cmake).
# Never dbus-x11: with it a process that has $DISPLAY but no bus autolaunches one,
# gnome-keyring opens a password prompt on Xvfb and everything hangs.

# The sdk_compat test runs the official AWS SDK for JavaScript against dms-sim: Debian's nodejs
# (18) and npm, unless a node and an npm are already there (NodeSource's nodejs, for one, ships
# its own npm and conflicts with Debian's npm package).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  PACKAGES="$PACKAGES nodejs npm"
fi

if [ "${1:-}" = "--bench" ]; then
  PACKAGES="$PACKAGES hyperfine"
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing$missing" >&2
$SUDO apt-get update -qq
# --no-install-recommends: libqt6keychain1 would otherwise pull in kwalletmanager and much of KDE.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
