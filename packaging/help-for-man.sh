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
    # The tag ends at the first gap of two spaces ("projects list [options]  List..."), else
    # after the first word ("130 interrupted").
    line = $0
    sub(/^ +/, "", line)
    gap = match(line, /  +/)
    if (gap) {
      word = substr(line, 1, gap - 1)
      text = substr(line, gap + RLENGTH)
    } else {
      word = $1
      text = line
      sub(/^[^ ]+ +/, "", text)
    }
    gsub(/ +/, " ", text)
    printf "  %s  %s\n", word, text
    next
  }
  { print }'
