#!/usr/bin/env bash
# sesslint under valgrind on a corpus run: no memory error and no
# definitely-lost block, in the parent or in any worker it starts.  Leaks
# that belong to a third-party library are listed, one commented entry
# each, in tests/valgrind.supp.  sesslint's own exit code 1 (findings) is
# expected; valgrind's --error-exitcode 99 is a failure, and so is any exit
# that is not 0 or 1 (a worker that valgrind stopped makes the run
# incomplete).  Skipped (77) on sanitizer builds, where ASan and LSan do this
# job and valgrind cannot run, and when valgrind is not installed (a
# failure under CI=true).
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}" "${SESSLINT_BUILD_DIR:?}"

if grep -q '^SESSLINT_SANITIZE:BOOL=ON$' "$SESSLINT_BUILD_DIR/CMakeCache.txt" 2>/dev/null; then
  echo "valgrind: skipped (sanitizer build)"
  exit 77
fi
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools valgrind valgrind

cd "$SESSLINT_SOURCE_DIR"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

set +e
valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --trace-children=yes --suppressions="$SESSLINT_SOURCE_DIR/tests/valgrind.supp" \
  --log-file="$logs/vg.%p" \
  "$SESSLINT" check --no-db -j1 corpus/libcurl corpus/interproc >"$logs/out" 2>&1
rc=$?
set -e

tail -n 3 "$logs/out"
# Valgrind's verdict for every process it traced.
grep -h "ERROR SUMMARY" "$logs"/vg.* | sed 's/^==[0-9]*== /valgrind: /'
bad=0
if [[ $rc -eq 99 ]]; then
  echo "valgrind: memory errors or definitely-lost blocks (exit 99)" >&2
  bad=1
elif [[ $rc -ne 0 && $rc -ne 1 ]]; then
  echo "valgrind: sesslint exited $rc under valgrind (expected 0 or 1)" >&2
  bad=1
fi
if grep -l "ERROR SUMMARY: [1-9]" "$logs"/vg.* >/dev/null 2>&1; then
  bad=1
fi
grep -q "in [1-9][0-9]* translation units" "$logs/out" ||
  { echo "valgrind: no translation unit analyzed" >&2; bad=1; }
if [[ $bad -ne 0 ]]; then
  for f in "$logs"/vg.*; do
    if grep -q "ERROR SUMMARY: [1-9]" "$f"; then
      echo "---- $f" >&2
      cat "$f" >&2
    fi
  done
  cat "$logs/out" >&2
  exit 1
fi
echo "1 passed, 0 failed"
