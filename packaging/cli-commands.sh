#!/bin/sh
# Writes a help2man include file with a COMMANDS section: the --help of every command that
# `dms-extpack-cli --help` lists, so the man page documents each command's options.
# Usage: cli-commands.sh PATH/TO/dms-extpack-cli OUTPUT.h2m
set -eu
cli=$1
out=$2
dir=$(cd "$(dirname "$cli")" && pwd)

# The commands and subcommands ("projects list"): the lower-case words that start each line of the
# "Commands:" block, up to its arguments (PROJECT) or options ([options]).
commands=$("$cli" --help | awk '
  /^Commands:/ { in_block = 1; next }
  in_block && /^$/ { exit }
  in_block {
    path = ""
    for (i = 1; i <= NF && $i ~ /^[a-z0-9-]+$/; i++)
      path = path (path == "" ? "" : "_") $i
    print path
  }' | awk '!seen[$0]++')
if [ -z "$commands" ]; then
  echo "cli-commands.sh: no commands found in '$cli --help'" >&2
  exit 1
fi

# roff: a backslash is written \e, and a line starting with . or ' must not become a request.
escape() {
  sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

{
  printf '%s\n' '[COMMANDS]' \
    'Each command has its own options; \fBdms\-extpack\-cli\fR \fICOMMAND\fR \fB\-\-help\fR shows them.'
  for command in $commands; do
    words=$(printf '%s' "$command" | tr '_' ' ')
    printf '%s\n' ".SS $words" '.nf'
    # The bare name, as a person types it.
    # shellcheck disable=SC2086 # the words of the command, split on purpose
    PATH="$dir:$PATH" dms-extpack-cli $words --help | escape
    printf '%s\n' '.fi'
  done
} >"$out.tmp"
mv "$out.tmp" "$out"
