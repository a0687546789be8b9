#!/bin/bash
# The package_deb test: builds the .deb from the existing build tree (cpack, stripped binaries; no
# second build) and checks what the package promises. Also checks `cmake --install` into a prefix.
# Usage: check-deb.sh BUILD_DIR WORK_DIR APP_ID VERSION
set -euo pipefail

build=$1
work=$2
app_id=$3
version=$4

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
step() { echo "--- $*"; }

rm -rf "$work"
mkdir -p "$work"

# Every file a user needs, relative to the prefix.
expected=(
  bin/dms-extpack
  bin/dms-extpack-cli
  bin/dms-sim
  "share/applications/$app_id.desktop"
  "share/metainfo/$app_id.metainfo.xml"
  "share/icons/hicolor/scalable/apps/$app_id.svg"
  share/man/man1/dms-extpack-cli.1.gz
  share/man/man1/dms-extpack.1.gz
  share/man/man1/dms-sim.1.gz
  share/doc/dms-extpack/copyright
  share/doc/dms-extpack/changelog.gz
)
for size in 16 22 24 32 48 64 128 256 512; do
  expected+=("share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done

step "cmake --install into a prefix"
cmake --install "$build" --prefix "$work/prefix" >"$work/install.log" || {
  cat "$work/install.log"
  fail "cmake --install failed"
}
for f in "${expected[@]}"; do
  [ -f "$work/prefix/$f" ] || fail "cmake --install did not install $f"
done

step "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/cpack" >"$work/cpack.log" 2>&1 || {
  cat "$work/cpack.log"
  fail "cpack failed"
}
deb="$work/cpack/dms-extpack_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || fail "no $deb (cpack wrote: $(ls "$work/cpack"))"
echo "$deb"

step "the package's files"
dpkg-deb --contents "$deb" | awk '{print $NF}' | sed 's|^\./||' >"$work/contents.txt"
for f in "${expected[@]}"; do
  grep -qx "usr/$f" "$work/contents.txt" || fail "usr/$f is not in the package"
done
# Nothing from the build tree's tests, benchmarks, tools or the source folder.
if grep -E 'tst_|bench_|screenshots|/include/|\.a$' "$work/contents.txt"; then
  fail "the package holds files that are not meant to be installed"
fi
programs=$(grep -E '^usr/bin/.' "$work/contents.txt" | sort | tr '\n' ' ')
[ "$programs" = "usr/bin/dms-extpack usr/bin/dms-extpack-cli usr/bin/dms-sim " ] ||
  fail "usr/bin holds other programs than dms-extpack, dms-extpack-cli and dms-sim: $programs"

step "the control fields"
dpkg-deb --field "$deb" >"$work/control.txt"
cat "$work/control.txt"
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = dms-extpack ] || fail "Package is not dms-extpack"
[ "$(field Version)" = "$version" ] || fail "Version is not the project's $version"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ "$(field Section)" = database ] || fail "Section is not database"
depends=$(field Depends)
for lib in libc6 libqt6core6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6keychain1 libssl3 libqt6sql6-sqlite; do
  grep -Eq "(^|, )$lib( |,|$)" <<<"$depends" || fail "Depends lacks $lib (shlibdeps): $depends"
done
recommends=$(field Recommends)
grep -q 'gnome-keyring | kwalletmanager' <<<"$recommends" || fail "Recommends lacks the keyring: $recommends"
grep -q 'libsecret-1-0' <<<"$recommends" || fail "Recommends lacks libsecret-1-0: $recommends"

step "lintian (errors fail the test, warnings are printed)"
lintian --tag-display-limit 0 --fail-on error --display-level '>=warning' "$deb" ||
  fail "lintian reported errors"

step "unpacked: desktop file, metainfo, man page"
dpkg-deb -x "$deb" "$work/root"
root="$work/root/usr"
desktop-file-validate "$root/share/applications/$app_id.desktop" || fail "desktop-file-validate"
grep -qx "StartupWMClass=$app_id" "$root/share/applications/$app_id.desktop" || fail "StartupWMClass is not $app_id"
grep -qx "Icon=$app_id" "$root/share/applications/$app_id.desktop" || fail "Icon is not $app_id"
appstreamcli validate --no-net "$root/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
grep -q "<id>$app_id</id>" "$root/share/metainfo/$app_id.metainfo.xml" || fail "metainfo id is not $app_id"
grep -q "<release version=\"$version\"" "$root/share/metainfo/$app_id.metainfo.xml" ||
  fail "metainfo has no release $version"
grep -q "^dms-extpack ($version)" <(gzip -dc "$root/share/doc/dms-extpack/changelog.gz") ||
  fail "the changelog's newest entry is not $version"
man_page=$(gzip -dc "$root/share/man/man1/dms-extpack-cli.1.gz")
# Each command and subcommand ("projects list"): the lower-case words starting each line of "Commands:".
while IFS= read -r command; do
  grep -qx "\.SS $command" <<<"$man_page" || fail "the man page lacks the command $command"
done < <("$root/bin/dms-extpack-cli" --help | awk '
  /^Commands:/ { b = 1; next }
  b && /^$/ { exit }
  b {
    path = ""
    for (i = 1; i <= NF && $i ~ /^[a-z0-9-]+$/; i++)
      path = path (path == "" ? "" : " ") $i
    print path
  }')

step "unpacked: the executables run (system Qt, no display)"
for f in dms-extpack dms-extpack-cli dms-sim; do
  file "$root/bin/$f" | grep -q ', stripped' || fail "$f is not stripped"
  if readelf -d "$root/bin/$f" | grep -Eq 'RPATH|RUNPATH'; then
    fail "$f has an RPATH"
  fi
done
run() {
  # No display and no platform choice: --help and --version must work over ssh and in CI.
  env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM -u LD_LIBRARY_PATH "$@"
}
out=$(run "$root/bin/dms-extpack-cli" --version) || fail "dms-extpack-cli --version"
[ "$out" = "dms-extpack-cli $version" ] || fail "dms-extpack-cli --version printed '$out'"
run "$root/bin/dms-extpack-cli" --help | grep -q '^Usage: dms-extpack-cli' || fail "dms-extpack-cli --help"
out=$(run "$root/bin/dms-extpack" --version) || fail "dms-extpack --version"
[ "$out" = "dms-extpack $version" ] || fail "dms-extpack --version printed '$out'"
help=$(run "$root/bin/dms-extpack" --help) || fail "dms-extpack --help"
grep -q -- '--demo' <<<"$help" || fail "dms-extpack --help lacks --demo"
# The screenshot options belong to dms-extpack-screenshots (tools/), never to the shipped app.
if grep -E -- '--(screenshot|view|list-views|palette)\b' <<<"$help"; then
  fail "dms-extpack --help lists screenshot options"
fi
if gzip -dc "$root/share/man/man1/dms-extpack.1.gz" | grep -E 'screenshot|list\\?-views|palette'; then
  fail "the dms-extpack man page mentions screenshot options"
fi
out=$(run "$root/bin/dms-sim" --version) || fail "dms-sim --version"
[ "$out" = "dms-sim $version" ] || fail "dms-sim --version printed '$out'"
run "$root/bin/dms-sim" --help | grep -q -- '--listen' || fail "dms-sim --help"

step "apt-get install --simulate (the dependencies resolve on this system)"
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  fail "apt has no package lists, so the dependencies cannot be resolved: run apt-get update"
fi
# As root or not: a simulation needs no privileges (apt only prints a note).
apt-get install --simulate "$deb" >"$work/apt.log" 2>&1 || {
  cat "$work/apt.log"
  fail "apt-get install --simulate failed"
}
grep -E '^(Inst|Conf) ' "$work/apt.log" || true
grep -q "^Inst dms-extpack " "$work/apt.log" || {
  cat "$work/apt.log"
  fail "apt would not install dms-extpack"
}

# apt skips a Recommends it cannot find without a word: each name must exist in Debian.
for name in $(tr ',|' '\n\n' <<<"$recommends"); do
  apt-cache show --no-all-versions "$name" >/dev/null 2>&1 || fail "Recommends names '$name', which apt does not know"
done

echo "package_deb: all checks passed"
