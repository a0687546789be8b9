#!/bin/sh
# Regenerates docs/screenshots/*.png: every view `dms-extpack-screenshots --list-views` knows,
# rendered by that tool (tools/screenshots: the window wired as `dms-extpack --demo` wires it) on
# the offscreen platform (no display needed), in the light and the dark palette (NAME.png,
# NAME-dark.png).
# BUILD_DIR selects the build (default ./build); it is built first.
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ] && [ ! -f "$BUILD_DIR/Makefile" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$BUILD_DIR" --target dms-extpack-screenshots
TOOL="$BUILD_DIR/tools/screenshots/dms-extpack-screenshots"
OUT=docs/screenshots
mkdir -p "$OUT"

# The offscreen platform's screen is 800x600 unless a configuration file says otherwise, and the
# window is kept within its screen: give it a desktop-sized one.
SCREENS=$(mktemp -d)
trap 'rm -rf "$SCREENS"' EXIT
cat >"$SCREENS/screens.json" <<'JSON'
{"screens": [{"name": "Screen", "x": 0, "y": 0, "width": 1920, "height": 1200,
              "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
JSON
export QT_QPA_PLATFORM="offscreen:configfile=$SCREENS/screens.json"
# The same look on every machine: Qt's own style and font hinting, English text.
export QT_STYLE_OVERRIDE=${QT_STYLE_OVERRIDE:-Fusion}
export LANG=C.UTF-8 LC_ALL=C.UTF-8
status=0
# Each view twice: the light palette as NAME.png, the dark one as NAME-dark.png.
for view in $("$TOOL" --list-views | cut -f1); do
  # The welcome is what a first start without credentials shows: no demo profile in the toolbar.
  case "$view" in
    welcome*) demo= ;;
    *) demo=--demo ;;
  esac
  for palette in light dark; do
    file="$OUT/$view.png"
    [ "$palette" = dark ] && file="$OUT/$view-dark.png"
    if "$TOOL" $demo --palette "$palette" --screenshot "$file" --view "$view" >/dev/null 2>"$file.err"; then
      echo "$file"
      rm -f "$file.err"
    else
      echo "FAILED: $view ($palette)" >&2
      cat "$file.err" >&2
      rm -f "$file.err"
      status=1
    fi
  done
done
exit $status
