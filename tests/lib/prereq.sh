# What a shell test (tests/*.sh) does when something it needs is missing,
# in one place.  Source it with
#   . "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
#
# prereq_missing NAME MESSAGE...: under CI=true a failure (exit 1):
#   scripts/deps.sh --test installs everything the tests need, so a missing
#   piece there is a broken set-up, never a silent skip; elsewhere a skip
#   (exit 77, the SKIP_RETURN_CODE tests/CMakeLists.txt gives ctest).
# need_tools NAME TOOL...: prereq_missing unless every TOOL is on PATH.
prereq_missing() {
  local name=$1
  shift
  if [[ "${CI:-}" == true ]]; then
    echo "$name: FAIL: $* (scripts/deps.sh --test installs it)" >&2
    exit 1
  fi
  echo "$name: SKIP: $*" >&2
  exit 77
}

need_tools() {
  local name=$1 tool
  shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || prereq_missing "$name" "$tool is not installed"
  done
}
