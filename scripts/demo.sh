#!/bin/sh
# Installs what is missing, builds, and opens the desktop app on the built-in demo endpoint:
# `build/app/dms-extpack --demo` starts the local DMS simulator in-process on a free loopback
# port with the demo scenario and a demo profile held in memory (nothing leaves this machine).
#
#   scripts/demo.sh                      open the window (extra options go to dms-extpack,
#                                        e.g. --quit-after 60)
#   scripts/demo.sh --cli                the command-line walk-through instead (list, show,
#                                        apply, status against dms-sim)
#
# With no display ($DISPLAY and $WAYLAND_DISPLAY unset, e.g. over ssh or in a container) it renders
# the demo window under xvfb-run instead, with dms-extpack-screenshots (tools/screenshots): the
# window wired by the same code as `dms-extpack --demo` (app/desktop), captured once the projects
# and their statuses have loaded. It writes build/demo-screenshot.png, prints where and exits.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh

if [ "${1:-}" != "--cli" ]; then
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    exec build/app/dms-extpack --demo "$@"
  fi
  shot="$(pwd)/build/demo-screenshot.png"
  echo "No display: rendering the demo window to $shot" >&2
  if [ $# -gt 0 ]; then
    echo "No display: ignoring $* (options of the interactive window)" >&2
  fi
  rm -f "$shot"
  # A real X server (virtual) and the platform plugin the desktop uses, at the size of a desktop.
  QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
    build/tools/screenshots/dms-extpack-screenshots --demo --view main --screenshot "$shot" >/dev/null
  echo "Screenshot of the demo window: $shot"
  exit 0
fi
shift

SIM=build/sim/dms-sim
CLI=build/app/dms-extpack-cli
tmp="$(mktemp -d)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

"$SIM" --listen 127.0.0.1:0 --scenario sim/scenarios/demo.json --time-scale 20 >"$tmp/sim.out" 2>"$tmp/sim.err" &
sim_pid=$!
i=0
until grep -q '^listening on ' "$tmp/sim.out" 2>/dev/null; do
  i=$((i + 1))
  if [ $i -gt 100 ] || ! kill -0 "$sim_pid" 2>/dev/null; then
    echo "dms-sim did not start:" >&2
    cat "$tmp/sim.err" >&2
    exit 1
  fi
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$tmp/sim.out" | head -n 1)

# The simulator's documented demo key pair (sim/README.md); never a real AWS key.
export AWS_ACCESS_KEY_ID=AKIADEMOEXTPACK00001
export AWS_SECRET_ACCESS_KEY=DemoSecretKey/ForTheDmsExtPackSimulator1
unset AWS_SESSION_TOKEN AWS_PROFILE
# --endpoint-url moves DMS only; the simulator serves STS and the SSO portal too.
export AWS_ENDPOINT_URL_STS="$url" AWS_ENDPOINT_URL_SSO="$url"
run() {
  echo
  echo "\$ dms-extpack-cli $*"
  "$CLI" --endpoint-url "$url" --region us-east-1 "$@"
}

echo "Demo endpoint: $url (dms-sim, scenario sim/scenarios/demo.json)"
run projects list
project=erp-migration
run projects show "$project"
run apply "$project" --yes --wait --poll-interval 1
run status "$project"
