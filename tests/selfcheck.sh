#!/usr/bin/env bash
# sesslint checks sesslint: its own libclang, SQLite, libyaml, jansson and
# stdio handles must not leak.  Runs on the build tree's compilation
# database and expects no finding (suppressed findings carry their reason in
# the source).
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_BUILD_DIR:?}" "${SESSLINT_SOURCE_DIR:?}"
cd "$SESSLINT_SOURCE_DIR"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
"$SESSLINT" check --no-db -p "$SESSLINT_BUILD_DIR" >"$out" 2>&1
rc=$?
set -e
tail -n 40 "$out"
if [[ $rc -ne 0 ]]; then
  echo "selfcheck: sesslint exited $rc on its own sources" >&2
  exit 1
fi
grep -q "in [1-9][0-9]* translation units" "$out" || { echo "selfcheck: no translation unit analyzed" >&2; exit 1; }
echo "1 passed, 0 failed"
