#!/bin/sh
# The sanitizer_reports test of build-asan: prints every report ASan, LSan or UBSan wrote during
# the run (one file per process, named after the test that started it) and fails if there is one.
# Usage: check-reports.sh REPORTS_DIR
set -eu
dir=$1
found=0
for report in "$dir"/*; do
  [ -f "$report" ] || continue
  found=$((found + 1))
  echo "==== $(basename "$report")"
  cat "$report"
done
if [ "$found" -gt 0 ]; then
  echo "FAIL: $found sanitizer report(s) in $dir (a file is named after the test that wrote it)" >&2
  exit 1
fi
echo "no sanitizer reports"
