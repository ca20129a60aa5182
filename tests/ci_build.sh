#!/usr/bin/env bash
# ci_build: docs/ci.md's workflows run as written on a machine without Check.
#
# Takes the shell steps out of docs/ci.md (GitHub Actions: "Build sesslint",
# "Produce compile_commands.json", "sesslint (record)"; GitLab CI: the
# .sesslint before_script and sesslint:record's script) and runs them with
# Check hidden from pkg-config, in fresh directories: SESSLINT_GIT is a git
# repository made here from this source tree (tracked and new files, as
# they are now) and tagged SESSLINT_REF as the docs set it, and the project
# analyzed is a small CMake project with one leak.  The apt-get steps are
# not run (they would change this machine); their package lists are checked
# against scripts/deps.sh instead.  Then `make run` in that tree, Check
# still hidden: it builds and analyzes the corpus with no parse error and
# no skipped code (scripts/deps.sh --corpus finds the corpus's headers,
# which `make test` installed).  Then: -DSESSLINT_TESTS=ON without Check is
# a configure error that says why, and -DSESSLINT_TESTS=OFF configures no
# tests.
#
# Environment (set by ctest): SESSLINT_SOURCE_DIR.  Needs git, cmake, a C
# compiler and pkg-config (scripts/deps.sh installs them).
set -euo pipefail

fail() { echo "ci_build: FAIL: $*" >&2; exit 1; }

: "${SESSLINT_SOURCE_DIR:?SESSLINT_SOURCE_DIR must name the source tree}"
src=$SESSLINT_SOURCE_DIR
doc=$src/docs/ci.md
[[ -f $doc ]] || fail "$doc not found"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- extracting steps from docs/ci.md ----

# The body of the `run:` of the GitHub step named $1 (a `run: |` block or a
# one-line `run:`), its indentation removed.
gh_run() {
  awk -v name="$1" '
    $0 ~ "^ *- name: " && !done { on = (substr($0, index($0, "- name: ") + 8) == name); next }
    on && /^ *run: \|$/ { block = 1; ind = index($0, "run:") + 1; next }
    on && /^ *run: / { sub(/^ *run: /, ""); print; done = 1; on = 0; next }
    on && block {
      if ($0 !~ "^" sprintf("%" ind "s", "") ) { done = 1; on = 0; next }
      print substr($0, ind + 1)
    }' "$doc"
}

# The items of a GitLab list under key $2 of job $1 (`  before_script:`,
# `  script:`), one command per line; continuation lines of a plain scalar
# are joined with a space, as YAML folds them.
gl_list() {
  awk -v job="$1:" -v key="  $2:" '
    /^[^ #]/ { injob = ($0 == job); inkey = 0; next }
    injob && /^  [a-z_]+:/ { inkey = ($0 == key); next }
    injob && inkey && /^    - / { if (cmd != "") print cmd; cmd = substr($0, 7); next }
    injob && inkey && /^      / { sub(/^ +/, ""); cmd = cmd " " $0; next }
    END { if (cmd != "") print cmd }' "$doc"
}

# A value from the GitHub workflow's env or the GitLab variables.
doc_var() {
  local v
  v=$(grep -m1 -E "^ +$1: " "$doc" | sed -E "s/^ +$1: +//; s/ +#.*//") || true
  [[ -n $v ]] || fail "docs/ci.md sets no $1"
  printf '%s\n' "$v"
}

gh_build=$(gh_run "Build sesslint")
gh_install=$(gh_run "Install build dependencies")
gh_cdb=$(gh_run "Produce compile_commands.json")
gh_record=$(gh_run "sesslint (record)")
gl_before=$(gl_list .sesslint before_script)
gl_record=$(gl_list sesslint:record script)
for v in gh_build gh_install gh_cdb gh_record gl_before gl_record; do
  [[ -n ${!v} ]] || fail "docs/ci.md: could not find the steps for $v"
done
grep -q 'cmake --build' <<<"$gh_build" || fail "GitHub 'Build sesslint' step does not build: $gh_build"
grep -q 'cmake --build' <<<"$gl_before" || fail "GitLab before_script does not build: $gl_before"
ref=$(doc_var SESSLINT_REF)

# ---- the apt-get lists hold what scripts/deps.sh installs to build ----

# deps.sh's build packages (its one-line pkgs=( ) and pkgs+=( ) lines at
# the top level, before the first `if`), libclang aside: the workflows take
# the distribution's libclang-dev.
base=$(awk '/^if /{exit} /^pkgs\+?=\(.*\)/{sub(/^pkgs\+?=\(/, ""); sub(/\).*$/, ""); print}' \
         "$src/scripts/deps.sh" | tr '\n' ' ')
[[ -n $base ]] || fail "scripts/deps.sh: no pkgs=(...) line"
check_apt() {
  local what=$1 cmds=$2 line pkgs p
  line=$(sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' <<<"$cmds" | grep -E 'apt-get install') ||
    fail "$what: no apt-get install"
  pkgs=" $(sed -E 's/.*apt-get install//; s/(^| )-[^ ]*//g' <<<"$line" | tr -s ' ') "
  for p in $base libclang-dev; do
    [[ $pkgs == *" $p "* ]] || fail "$what installs no $p (scripts/deps.sh needs it to build)"
  done
}
check_apt "GitHub 'Install build dependencies'" "$gh_install"
check_apt "GitLab before_script" "$(grep 'apt-get' <<<"$gl_before")"
grep -q 'apt-get install.* git ' <<<"$gl_before" ||
  fail "GitLab before_script installs no git (debian:bookworm has none, and the job clones)"

# ---- a machine without Check ----

# pkg-config sees only what sesslint itself needs.
pc=$tmp/pkgconfig
mkdir -p "$pc"
for m in sqlite3 yaml-0.1 jansson tree-sitter; do
  d=$(pkg-config --variable=pcfiledir "$m") || fail "pkg-config does not know $m"
  ln -s "$d/$m.pc" "$pc/$m.pc"
done
export PKG_CONFIG_LIBDIR=$pc
unset PKG_CONFIG_PATH CMAKE_PREFIX_PATH
if pkg-config --exists check; then fail "Check is still visible to pkg-config"; fi

# SESSLINT_GIT: this source tree as it is now, committed and tagged $ref.
up=$tmp/upstream
mkdir -p "$up"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
     tar --null -T - -cf -) | tar -C "$up" -xf -
else
  tar -C "$src" --exclude='./build*' --exclude=./.sesslint --exclude=./bench/work -cf - . |
    tar -C "$up" -xf -
fi
git -C "$up" init -q
git -C "$up" -c user.name=ci_build -c user.email=ci_build@localhost add -A
git -C "$up" -c user.name=ci_build -c user.email=ci_build@localhost commit -qm "sesslint as tested"
git -C "$up" tag "$ref"

# The project CI analyzes: a CMake project in git with one leak.
project() {
  local p=$1
  mkdir -p "$p"
  cat >"$p/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(demo C)
add_library(demo STATIC net.c)
EOF
  cat >"$p/net.c" <<'EOF'
/* A connection kept open when the status check returns first. */
typedef struct pg_conn PGconn;
PGconn *PQconnectdb(const char *conninfo);
int PQstatus(const PGconn *conn);
void PQfinish(PGconn *conn);

int ping(const char *conninfo)
{
    PGconn *c = PQconnectdb(conninfo);
    if (PQstatus(c) != 0)
        return -1;
    PQfinish(c);
    return 0;
}
EOF
  git -C "$p" init -q
  git -C "$p" -c user.name=ci_build -c user.email=ci_build@localhost add -A
  git -C "$p" -c user.name=ci_build -c user.email=ci_build@localhost commit -qm demo
}

# After a workflow's steps: sesslint was built without tests, says the
# tagged version, and the record step stored a run and wrote SARIF with
# the leak.
check_outcome() {
  local what=$1 build=$2 proj=$3 log=$4
  grep -q "tests are not configured" "$log" ||
    fail "$what: configure did not say that tests are not configured (see $log)"
  [[ -x $build/sesslint ]] || fail "$what: no $build/sesslint"
  [[ ! -e $build/tests ]] || fail "$what: tests were configured without Check"
  local v
  v=$("$build/sesslint" --version)
  [[ $v == "sesslint ${ref#v}" ]] || fail "$what: --version says '$v', expected 'sesslint ${ref#v}' (tag $ref)"
  [[ -s $proj/sesslint.sarif ]] || fail "$what: the record step wrote no sesslint.sarif"
  grep -q '"ruleId": "leak.connector"' "$proj/sesslint.sarif" ||
    fail "$what: the SARIF has no leak.connector result"
  [[ -s $proj/.sesslint/findings.db ]] || fail "$what: the record step stored no run"
  echo "ci_build: $what: built without Check, $v, recorded a run with the leak" >&2
}

run_steps() { # LOG CWD STEPS...: each step in bash -e, output to LOG
  local log=$1 cwd=$2; shift 2
  local s
  for s in "$@"; do
    (cd "$cwd" && bash -euo pipefail -c "$s") >>"$log" 2>&1 ||
      { tail -n 30 "$log" >&2; fail "step failed: $s"; }
  done
}

export SESSLINT_GIT=file://$up SESSLINT_REF=$ref

# GitHub Actions: RUNNER_TEMP and GITHUB_PATH as the runner sets them.
gh=$tmp/github
mkdir -p "$gh/runner"
project "$gh/work"
: >"$gh/path"
log=$tmp/github.log
RUNNER_TEMP=$gh/runner GITHUB_PATH=$gh/path run_steps "$log" "$gh/work" "$gh_build"
[[ -s $gh/path ]] || fail "GitHub: 'Build sesslint' added nothing to GITHUB_PATH"
PATH="$(tr '\n' ':' <"$gh/path")$PATH" run_steps "$log" "$gh/work" "$gh_cdb" "$gh_record"
check_outcome GitHub "$gh/runner/sesslint/build" "$gh/work" "$log"

# GitLab CI: /opt/sesslint moved under $tmp; the before_script's exports
# carry over to the job's script, as in one GitLab shell.
gl=$tmp/gitlab
project "$gl/work"
log=$tmp/gitlab.log
script=$(grep -v 'apt-get' <<<"$gl_before" | sed "s#/opt/sesslint#$gl/opt/sesslint#g")
[[ $script == *"$gl/opt/sesslint"* ]] || fail "GitLab: the before_script does not build in /opt/sesslint"
run_steps "$log" "$gl/work" "$script"$'\n'"$gl_record"
check_outcome GitLab "$gl/opt/sesslint/build" "$gl/work" "$log"

# ---- make run, the README's first command ----

# scripts/deps.sh --corpus finds its packages installed (make test installed
# a superset); Check stays hidden.
log=$tmp/make-run.log
(cd "$up" && make run JOBS=2) >"$log" 2>&1 || { tail -n 30 "$log" >&2; fail "make run failed without Check"; }
grep -q "tests are not configured" "$log" || fail "make run: configure did not say that tests are not configured"
grep -qE '^sesslint: [0-9]+ findings .* in [0-9]+ translation units$' "$log" ||
  { tail -n 5 "$log" >&2; fail "make run: the corpus run did not end with a clean summary line"; }
grep -q "stored as run #1" "$log" || fail "make run: the run was not stored"
echo "ci_build: make run without Check: $(grep -E '^sesslint: [0-9]+ findings' "$log")" >&2

# ---- SESSLINT_TESTS ----

rc=0
cmake -S "$up" -B "$tmp/on" -DSESSLINT_TESTS=ON >"$tmp/on.log" 2>&1 || rc=$?
[[ $rc -ne 0 ]] || fail "-DSESSLINT_TESTS=ON without Check configured"
grep -q "SESSLINT_TESTS=ON but Check" "$tmp/on.log" ||
  { cat "$tmp/on.log" >&2; fail "-DSESSLINT_TESTS=ON without Check: no clear error"; }

unset PKG_CONFIG_LIBDIR
if pkg-config --exists check; then
  cmake -S "$up" -B "$tmp/off" -DSESSLINT_TESTS=OFF >"$tmp/off.log" 2>&1 ||
    { cat "$tmp/off.log" >&2; fail "-DSESSLINT_TESTS=OFF did not configure"; }
  grep -q "SESSLINT_TESTS=OFF: tests are not configured" "$tmp/off.log" ||
    fail "-DSESSLINT_TESTS=OFF: no message that tests are not configured"
  [[ ! -e $tmp/off/tests ]] || fail "-DSESSLINT_TESTS=OFF configured the tests"
  echo "ci_build: -DSESSLINT_TESTS=OFF with Check installed configures no tests" >&2
fi
echo "ci_build: -DSESSLINT_TESTS=ON without Check is a configure error" >&2
echo "1 passed, 0 failed"
