#!/bin/sh
# Writes a help2man include file with a COMMANDS section: the --help of every command that
# `dms-extpack-cli --help` lists, so the man page documents each command's options.
# Usage: cli-commands.sh PATH/TO/dms-extpack-cli OUTPUT.h2m
set -eu
cli=$1
out=$2
dir=$(cd "$(dirname "$cli")" && pwd)

# The command names: the first word of each line of the "Commands:" block.
commands=$("$cli" --help | awk '/^Commands:/ {in_block = 1; next} in_block && /^$/ {exit} in_block {print $1}' |
  awk '!seen[$0]++')
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
    printf '%s\n' ".SS $command" '.nf'
    # The bare name as argv[0]: Qt prints it in "Usage:", and a build path must not reach the page.
    PATH="$dir:$PATH" dms-extpack-cli "$command" --help | escape
    printf '%s\n' '.fi'
  done
} >"$out.tmp"
mv "$out.tmp" "$out"
