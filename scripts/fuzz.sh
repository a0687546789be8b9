#!/bin/sh
# Builds the libFuzzer targets with clang, ASan and UBSan into ./build-fuzz (the settings of the
# CI's build-asan), runs each for SECONDS (default 60) and prints one line per target:
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 300 fuzz_redactor
# Each target's corpus grows in build-fuzz/fuzz/corpus/<target>/ from run to run; the seeds in
# fuzz/corpus/<target>/ are only read. Inputs that crash, leak or hang are kept in
# build-fuzz/fuzz/findings/<target>/, and the script then exits 1.
set -eu
cd "$(dirname "$0")/.."
BUILD="${BUILD_DIR:-build-fuzz}"
JOBS="${JOBS:-2}"

SECONDS_PER_TARGET=60
case "${1:-}" in
[0-9]*) SECONDS_PER_TARGET="$1"; shift ;;
esac

scripts/install-deps.sh
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DDMSX_SANITIZE=ON -DDMSX_BUILD_FUZZERS=ON >/dev/null

if [ "$#" -eq 0 ]; then
    set -- $(sed -n '/^set(dmsx_fuzz_targets/,/^)/s/^  *\(fuzz_[a-z0-9_]*\)$/\1/p' fuzz/CMakeLists.txt)
fi
cmake --build "$BUILD" --parallel "$JOBS" --target "$@"

OUT="$BUILD/fuzz"
# A UBSan report ends the run like a crash, whether or not the build made its checks fatal.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
status=0
rows=""
for target in "$@"; do
    corpus="$OUT/corpus/$target"
    findings="$OUT/findings/$target"
    log="$OUT/logs/$target.log"
    mkdir -p "$corpus" "$findings" "$OUT/logs"
    before=$(ls "$findings" | wc -l)
    echo "fuzz: $target for ${SECONDS_PER_TARGET}s (log: $log)" >&2
    if ! "$BUILD/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -artifact_prefix="$findings/" "$corpus" "fuzz/corpus/$target" >"$log" 2>&1; then
        status=1
    fi
    after=$(ls "$findings" | wc -l)
    # libFuzzer's last status line ("#N DONE cov: C ft: F corp: U/S ...") and its final stats.
    row=$(awk -v target="$target" -v found="$((after - before))" '
        /^#[0-9]+/ { for (i = 1; i < NF; ++i) { if ($i == "cov:") cov = $(i + 1); if ($i == "corp:") corp = $(i + 1) } }
        /^stat::number_of_executed_units:/ { execs = $2 }
        /^stat::average_exec_per_sec:/ { rate = $2 }
        END { printf "%-26s %12s %8s %12s %6s %8s\n", target, execs, rate, corp, cov, found }' "$log")
    rows="$rows$row
"
    if [ "$after" -gt "$before" ]; then
        echo "fuzz: $target found: $(ls -t "$findings" | head -n "$((after - before))" | tr '\n' ' ')" >&2
    fi
done

printf '\n%-26s %12s %8s %12s %6s %8s\n' target executions exec/s corpus cov findings
printf '%s' "$rows"
echo "($SECONDS_PER_TARGET s per target; corpus: units/bytes; findings kept in $OUT/findings/)"
exit "$status"
