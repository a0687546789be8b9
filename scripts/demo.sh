#!/bin/sh
# Installs what is missing, builds, and runs the app's main job against the built-in demo
# endpoint: the local DMS simulator with the demo scenario, on a free loopback port.
# Until the desktop window exists this drives the command line client: list the projects,
# show one, apply its extension pack and follow the request to the end.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh

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
