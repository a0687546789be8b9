#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked, throwaway
# gnome-keyring (the Secret Service QtKeychain uses) and an Xvfb display.
# Propagates the exit code, removes its temporary folders, leaves no process behind.
set -eu
if [ -z "${WITH_SESSION_INNER:-}" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT INT TERM
  mkdir -m 700 "$tmp/data" "$tmp/runtime"
  rc=0
  WITH_SESSION_INNER=1 XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/runtime" \
    xvfb-run -a -s "-screen 0 1280x800x24 -noreset" dbus-run-session -- "$0" "$@" || rc=$?
  exit $rc
fi
# A non-empty password creates and unlocks the "login" collection; an empty one does not.
printf '%s' "throwaway-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
bus() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    "org.freedesktop.DBus.$1" "string:org.freedesktop.secrets"
}
# --unlock returns before the daemon joins the bus; a short command would otherwise
# leave it running after the bus is gone.
i=0
until bus NameHasOwner 2>/dev/null | grep -q true; do
  i=$((i + 1))
  [ $i -le 100 ] || { echo "gnome-keyring did not appear on the bus" >&2; exit 1; }
  sleep 0.05
done
kpid=$(bus GetConnectionUnixProcessID | awk '{print $2}')
rc=0
"$@" || rc=$?
kill "$kpid" 2>/dev/null || true
exit $rc
