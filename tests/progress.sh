#!/usr/bin/env bash
# The progress line (issue 7): on a terminal, `check` shows TUs done/total,
# the rate, the ETA and the current file; nothing with -q, and nothing when
# stderr is not a terminal.  The terminal is script(1)'s pseudo-terminal
# (bsdutils, on every Debian system); skipped (77) without it, a failure
# under CI=true.
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools progress script
cd "$SESSLINT_SOURCE_DIR"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ntu=$(find corpus/posix -name '*.c' | wc -l)

# on a terminal: "[done/total] rate TU/s, ETA ...  file"
script -qec "\"$SESSLINT\" check --no-db -j 1 corpus/posix" "$tmp/tty.log" </dev/null >/dev/null 2>&1 || true
grep -aq "\[1/$ntu\] .* TU/s, ETA [0-9]*s  .*corpus/posix/" "$tmp/tty.log" ||
  { echo "progress: no progress line on a terminal" >&2; cat -v "$tmp/tty.log" | head -20 >&2; exit 1; }
grep -aq "\[$ntu/$ntu\]" "$tmp/tty.log" ||
  { echo "progress: the last TU ($ntu/$ntu) was not shown" >&2; exit 1; }

# -q on a terminal: no progress
script -qec "\"$SESSLINT\" check --no-db -q -j 1 corpus/posix" "$tmp/quiet.log" </dev/null >/dev/null 2>&1 || true
if grep -aq "TU/s, ETA" "$tmp/quiet.log"; then
  echo "progress: shown with -q" >&2; exit 1
fi

# stderr not a terminal: no progress
"$SESSLINT" check --no-db -j 1 corpus/posix >"$tmp/out" 2>"$tmp/err" || true
if grep -aq "TU/s, ETA" "$tmp/err"; then
  echo "progress: shown when stderr is not a terminal" >&2; exit 1
fi
echo "progress: shown on a terminal ($ntu TUs), not with -q, not when redirected"
