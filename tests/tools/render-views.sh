#!/bin/sh
# The screenshots test: dms-extpack-screenshots renders every view it lists, in both palettes, to
# a real picture (a PNG of the window's size class with more than a handful of colours), and fails
# with a clear message on an unknown view or palette. Guards the views against changes of the
# window they drive.
# Usage: render-views.sh PATH/TO/dms-extpack-screenshots WORK_DIR
set -eu
tool=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 LC_ALL=C.UTF-8

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

views=$("$tool" --list-views | cut -f1)
[ "$(printf '%s\n' "$views" | wc -l)" -ge 16 ] || fail "--list-views lists too few views: $views"
for view in main details welcome profiles settings diagnostics history fault sign-in; do
  printf '%s\n' "$views" | grep -qx "$view" || fail "--list-views lacks $view"
done

for view in $views; do
  case "$view" in
    welcome*) demo= ;;
    *) demo=--demo ;;
  esac
  for palette in light dark; do
    file="$work/$view-$palette.png"
    "$tool" $demo --palette "$palette" --view "$view" --screenshot "$file" >"$work/out" 2>"$work/err" ||
      fail "$view ($palette) exited with $?: $(cat "$work/err")"
    [ "$(cat "$work/out")" = "$file" ] || fail "$view ($palette) printed '$(cat "$work/out")', not the file"
    size=$(identify -format '%w %h %k' "$file") || fail "$view ($palette): not an image"
    set -- $size
    [ "$1" -ge 300 ] && [ "$2" -ge 200 ] || fail "$view ($palette) is only $1x$2"
    [ "$3" -ge 16 ] || fail "$view ($palette) has $3 colours: blank?"
    echo "$view ($palette): $1x$2, $3 colours"
  done
done

if "$tool" --demo --view no-such-view --screenshot "$work/x.png" 2>"$work/err"; then
  fail "an unknown view succeeded"
fi
grep -q 'Unknown view "no-such-view"' "$work/err" || fail "no message for an unknown view: $(cat "$work/err")"
if "$tool" --palette no-such-palette --screenshot "$work/x.png" 2>"$work/err"; then
  fail "an unknown palette succeeded"
fi
grep -q 'Unknown palette "no-such-palette"' "$work/err" || fail "no message for an unknown palette: $(cat "$work/err")"
echo "render-views: all views rendered"
