#!/bin/sh
# What help2man runs instead of a program: runs PROGRAM with its bare name as argv[0] (Qt's
# "Usage:" lines print argv[0], which must not be a build path in a man page) and shapes the
# "Commands:" and "Exit codes:" lists of --help as "NAME  TEXT" lines, which help2man turns into
# tagged paragraphs instead of one run-on paragraph.
# Usage: help-for-man.sh PATH/TO/PROGRAM ARGUMENT...
set -eu
program=$1
shift
dir=$(cd "$(dirname "$program")" && pwd)
name=$(basename "$program")
PATH="$dir:$PATH" "$name" "$@" | awk '
  /^[^ ].*:$/ { block = $0; print; next }
  /^$/ { block = ""; print; next }
  block == "Commands:" || block == "Exit codes:" {
    word = $1
    $1 = ""
    sub(/^ +/, "")
    gsub(/ +/, " ")
    printf "  %s  %s\n", word, $0
    next
  }
  { print }'
