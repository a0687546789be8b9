#!/bin/sh
# Builds the benchmarks in Release into ./build-bench, runs them and prints the figures
# with the ratios against their floors. One section per area; add yours below.
set -eu
cd "$(dirname "$0")/.."
BUILD=build-bench
OUT="$BUILD/bench-results"
JOBS="${JOBS:-2}"

# The benchmarks are built with BUILD_TESTING only.
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=ON >/dev/null
mkdir -p "$OUT"

# Prints "name cpu_ns" for each benchmark in a Google Benchmark JSON file.
figures() {
    python3 - "$1" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    data = json.load(f)
rows = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"]
if not rows:
    rows = [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
for b in rows:
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
    print(b.get("run_name", b["name"]), b["cpu_time"] * scale)
PY
}

# ratio <json> <numerator> <denominator> <goal> <label>: prints the ratio and whether it
# meets the goal; returns 1 when it does not.
ratio() {
    python3 - "$@" <<'PY'
import json, sys
path, num, den, goal, label = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
with open(path) as f:
    benchmarks = json.load(f)["benchmarks"]
# Medians when --benchmark_repetitions made them, else the single runs.
rows = [b for b in benchmarks if b.get("aggregate_name") == "median"] or \
       [b for b in benchmarks if b.get("run_type", "iteration") == "iteration"]
times = {b.get("run_name", b["name"]): b["cpu_time"] for b in rows}
r = times[num] / times[den]
verdict = "MET" if r <= goal else "NOT MET"
print(f"  {label}: {num} / {den} = {r:.2f}x  (goal <= {goal}x: {verdict})")
sys.exit(0 if r <= goal else 1)
PY
}

status=0

# build LOGNAME TARGET...: builds the targets, showing the build's end only when it fails.
build() {
    log="$OUT/build-$1.log"
    shift
    cmake --build "$BUILD" --target "$@" -j "$JOBS" >"$log" 2>&1 || { tail -n 30 "$log" >&2; exit 1; }
}

# gbench NAME: runs a Google Benchmark program, its JSON into $OUT/NAME.json.
gbench() {
    "$BUILD/benchmarks/$1" --benchmark_repetitions="${REPETITIONS:-1}" \
        --benchmark_min_time="${MIN_TIME:-0.5}" \
        --benchmark_out="$OUT/$1.json" --benchmark_out_format=json >"$OUT/$1.log" 2>&1
}

# --- signer
echo "== SigV4 signer (bench_sigv4)"
build sigv4 bench_sigv4
gbench bench_sigv4
figures "$OUT/bench_sigv4.json" | awk '{ printf "  %-22s %10.0f ns (CPU)\n", $1, $2 }'
# Goal 3x, not tighter: the signer is written to be read (small canonical functions, plain
# QByteArray building, Qt's date formatting) rather than tuned towards the floor, and a few
# microseconds a request are nothing next to the network round trip.
ratio "$OUT/bench_sigv4.json" BM_SignerCached BM_FloorCached 3 "cached key  " || status=1
ratio "$OUT/bench_sigv4.json" BM_SignerUncached BM_FloorUncached 3 "uncached key" || status=1

# --- transport and DMS client
# Wall time of listing DMSX_BENCH_PROJECTS (default 10,000) projects at 100 a page from dms-sim on
# loopback, through ProjectLister, DmsClient, the transport and the signer; and per page.
echo "== project listing over loopback (bench_listing)"
build listing bench_listing dms-sim
gbench bench_listing || status=1
python3 - "$OUT/bench_listing.json" <<'PY' || status=1
import json, sys
with open(sys.argv[1]) as f:
    data = json.load(f)
rows = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"] or \
       [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
for b in rows:
    if b.get("error_occurred"):
        print(f"  {b['name']}: ERROR {b.get('error_message', '')}")
        sys.exit(1)
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
    name = b.get("run_name", b["name"]).split("/")[0]
    if name == "BM_ListAllProjects":
        print(f"  full listing: {int(b['projects'])} projects in {int(b['pages'])} pages: "
              f"{b['real_time'] * scale:10.1f} ms total, {b['per_page'] * 1e3:8.2f} ms per page (wall)")
    else:
        print(f"  single page of 100 (fresh call): {b['real_time'] * scale:8.2f} ms (wall)")
PY

# --- request history
# Rows stored per second (each its own transaction, as the recorder writes them), calls recorded
# per second (pending row + completion), and the time to open a 100,000-row history and read its
# first page; then page reads on it (filters, text search, a deep OFFSET page against keyset).
echo "== request history on SQLite (bench_history)"
build history bench_history
gbench bench_history || status=1
python3 - "$OUT/bench_history.json" <<'PY' || status=1
import json, sys
with open(sys.argv[1]) as f:
    data = json.load(f)
rows = [b for b in data["benchmarks"] if b.get("aggregate_name") == "median"] or \
       [b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"]
for b in rows:
    if b.get("error_occurred"):
        print(f"  {b['name']}: ERROR {b.get('error_message', '')}")
        sys.exit(1)
    ms = b["real_time"] * {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
    name = b.get("run_name", b["name"]).split("/")[0]
    if name == "BM_InsertRow":
        print(f"  insert: {b['rows_per_second']:10.0f} rows/s ({ms * 1e3:.0f} us a row, wall)")
    elif name == "BM_RecordCall":
        print(f"  record a call (start + end): {b['calls_per_second']:10.0f} calls/s")
    elif name == "BM_OpenAndFirstPage100k":
        print(f"  open 100,000-row history + first page of 50: {ms:8.1f} ms (wall)")
    else:
        print(f"  page of 50 of 100,000, {b.get('label', '')}: {ms:8.2f} ms (wall)")
PY

# --- main window
# The longest event-loop stall (a 2 ms PreciseTimer's largest gap) while 10,000 projects load into
# the MainWindow on the offscreen platform, and the resident memory (VmRSS) after loading. First
# with the simulator on its own thread (the window's own cost; its memory figures are clean), then
# on the GUI thread as `dms-extpack --demo` runs it (the stall includes serving the pages).
echo "== main window: 10,000 projects loading (bench_gui_load)"
build gui-load bench_gui_load
QT_QPA_PLATFORM=offscreen "$BUILD/benchmarks/bench_gui_load" --projects "${DMSX_BENCH_PROJECTS:-10000}" \
    >"$OUT/bench_gui_load.log" 2>"$OUT/bench_gui_load.err" || status=1
python3 - "$OUT/bench_gui_load.log" <<'PY' || status=1
import sys
labels = {"window_only": "simulator on its own thread", "with_inprocess_simulator": "simulator in the GUI thread"}
seen = 0
for line in open(sys.argv[1]):
    head, _, rest = line.partition(": ")
    if head not in labels:
        continue
    seen += 1
    f = dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)
    print(f"  {labels[head]}: {f['projects']} projects in {float(f['load_ms']):8.1f} ms, "
          f"longest stall {float(f['longest_stall_ms']):7.1f} ms (at {float(f['longest_stall_at_ms']):.0f} ms; "
          f"start() itself {float(f['start_ms']):.1f} ms), "
          f"after the first turn {float(f['longest_stall_after_first_turn_ms']):6.1f} ms, RSS after {int(f['rss_after_kb']) / 1024:6.1f} MiB "
          f"(+{int(f['rss_growth_kb']) / 1024:.1f} MiB)" + (" ERROR" if "ERROR" in rest else ""))
    if "ERROR" in rest:
        sys.exit(1)
sys.exit(0 if seen == 2 else 1)
PY

exit "$status"
