#!/usr/bin/env bash
# action: the GitHub Action (action.yml) and the pre-commit hook
# (.pre-commit-hooks.yaml) at the top of the repository.
#  1. Both parse as YAML (libyaml, through tests/yamlget.c) and hold what
#     their hosts need: a composite action whose inputs each have a
#     description and a default, whose run steps say their shell, whose
#     ${{ inputs.X }} and ${{ steps.ID.outputs.X }} name real inputs and
#     steps, and which uploads the SARIF with github/codeql-action; a hook
#     list whose entry runs `sesslint check` with the new-findings gate.
#  2. The action's own shell steps run as a runner would run them (bash -e
#     -o pipefail, RUNNER_TEMP, GITHUB_PATH, GITHUB_OUTPUT, GITHUB_ACTION_PATH
#     set; `sudo` a pass-through), with the step's env: built from the
#     inputs: build and install from this source tree, then on a small git
#     project a recording run, a gated run on a commit that adds a leak
#     (exit 1, SARIF written, the gate step fails) and one that adds none
#     (the gate step passes).  The .deb step and the upload are not run.
#  3. The hook's entry, run on a changed file in that project, refuses the
#     commit that adds a leak and accepts the one that does not.
#
# Environment (set by ctest): SESSLINT_SOURCE_DIR, YAMLGET (the yamlget
# binary).  Needs git, cmake and a C compiler.
set -euo pipefail

fail() { echo "action: FAIL: $*" >&2; exit 1; }

: "${SESSLINT_SOURCE_DIR:?SESSLINT_SOURCE_DIR must name the source tree}"
: "${YAMLGET:?YAMLGET must name the yamlget binary}"
src=$SESSLINT_SOURCE_DIR
action=$src/action.yml
hooks=$src/.pre-commit-hooks.yaml

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

y() { "$YAMLGET" "$@"; }
# has FILE PATH WANT: the value at PATH is WANT
has() {
  local got
  got=$(y "$1" "$2") || fail "$(basename "$1"): no $2"
  [[ $got == "$3" ]] || fail "$(basename "$1"): $2 is '$got', want '$3'"
}

# ---- 1. the YAML ----

y "$action" >/dev/null || fail "action.yml is not valid YAML"
for k in name description inputs outputs runs; do
  y "$action" "$k" >/dev/null || fail "action.yml has no $k"
done
has "$action" runs.using composite
inputs=$(y "$action" inputs)
for i in paths build-dir fail-on baseline baseline-missing db sarif upload-sarif category args deb; do
  grep -qxF "$i" <<<"$inputs" || fail "action.yml has no input $i"
done
for i in $inputs; do
  y "$action" "inputs.$i.description" >/dev/null || fail "action.yml: input $i has no description"
  y "$action" "inputs.$i.default" >/dev/null || fail "action.yml: input $i has no default"
done
steps=$(y "$action" runs.steps)
ids=""
upload=""
for s in $steps; do
  if y "$action" "runs.steps.$s.run" >/dev/null 2>&1; then
    has "$action" "runs.steps.$s.shell" bash
  fi
  id=$(y "$action" "runs.steps.$s.id" 2>/dev/null) && ids+=" $id"
  uses=$(y "$action" "runs.steps.$s.uses" 2>/dev/null) || continue
  [[ $uses == github/codeql-action/upload-sarif@* ]] && upload=$s
done
[[ -n $upload ]] || fail "action.yml has no github/codeql-action/upload-sarif step"
has "$action" "runs.steps.$upload.with.sarif_file" '${{ inputs.sarif }}'
[[ $(y "$action" "runs.steps.$upload.if") == *always\(\)* ]] ||
  fail "action.yml: the upload does not run when the gate fails (no always())"
for ref in $(grep -oE '\$\{\{ *inputs\.[a-z-]+' "$action" | sed -E 's/.*inputs\.//' | sort -u); do
  grep -qxF "$ref" <<<"$inputs" || fail "action.yml uses inputs.$ref, which it does not declare"
done
for ref in $(grep -oE 'steps\.[a-z-]+\.outputs' "$action" | cut -d. -f2 | sort -u); do
  [[ " $ids " == *" $ref "* ]] || fail "action.yml uses steps.$ref, which has no such id"
done

y "$hooks" 0 >/dev/null || fail ".pre-commit-hooks.yaml is not a list of hooks"
for k in id name entry language files; do
  y "$hooks" "0.$k" >/dev/null || fail ".pre-commit-hooks.yaml: the hook has no $k"
done
has "$hooks" 0.id sesslint
has "$hooks" 0.language system
entry=$(y "$hooks" 0.entry)
[[ $entry == "sesslint check "*"--fail-on new"*"--baseline HEAD"* ]] ||
  fail ".pre-commit-hooks.yaml: the entry is not the new-findings gate: $entry"
files=$(y "$hooks" 0.files)
for f in src/net.c include/net.h; do
  [[ $f =~ $files ]] || fail ".pre-commit-hooks.yaml: files '$files' does not match $f"
done
[[ ! README.md =~ $files ]] || fail ".pre-commit-hooks.yaml: files '$files' matches README.md"
echo "action: action.yml and .pre-commit-hooks.yaml parse and hold the expected keys" >&2

# ---- 2. the action's steps, as a runner runs them ----

step_named() { # NAME: the index of the step called NAME
  local s
  for s in $steps; do
    [[ $(y "$action" "runs.steps.$s.name") == "$1" ]] && { echo "$s"; return 0; }
  done
  fail "action.yml has no step named '$1'"
}

mkdir -p "$tmp/bin" "$tmp/runner"
printf '#!/bin/sh\nexec "$@"\n' >"$tmp/bin/sudo"
chmod +x "$tmp/bin/sudo"
export PATH=$tmp/bin:$PATH RUNNER_TEMP=$tmp/runner GITHUB_PATH=$tmp/github_path \
  GITHUB_ACTION_PATH=$src GITHUB_OUTPUT=$tmp/github_output
: >"$GITHUB_PATH"

# run_step NAME [INPUT=VALUE...]: the step's run script with its env: from
# the inputs (their defaults, then the values given) and the outputs of
# earlier steps.  Output goes to $tmp/step.log; returns the step's status.
run_step() {
  local name=$1; shift
  local s k expr val i
  s=$(step_named "$name")
  declare -A in=()
  for i in $inputs; do in[$i]=$(y "$action" "inputs.$i.default"); done
  for kv in "$@"; do in[${kv%%=*}]=${kv#*=}; done
  local -a envs=()
  for k in $(y "$action" "runs.steps.$s.env" 2>/dev/null || true); do
    expr=$(y "$action" "runs.steps.$s.env.$k")
    if [[ $expr =~ ^\$\{\{\ inputs\.([a-z-]+)\ \}\}$ ]]; then
      val=${in[${BASH_REMATCH[1]}]}
    elif [[ $expr =~ ^\$\{\{\ steps\.[a-z-]+\.outputs\.([a-z-]+)\ \}\}$ ]]; then
      val=$(grep "^${BASH_REMATCH[1]}=" "$GITHUB_OUTPUT" | tail -n1 | cut -d= -f2-) || val=
    else
      fail "step '$name': env $k=$expr is not an input or a step output"
    fi
    envs+=("$k=$val")
  done
  y "$action" "runs.steps.$s.run" >"$tmp/step.sh"
  (env "${envs[@]}" PATH="$(tr '\n' ':' <"$GITHUB_PATH")$PATH" \
     bash --noprofile --norc -eo pipefail "$tmp/step.sh") >"$tmp/step.log" 2>&1
}

run_step "Build and install sesslint" || { tail -n 30 "$tmp/step.log" >&2; fail "the build step failed"; }
grep -qxF "$RUNNER_TEMP/sesslint/bin" "$GITHUB_PATH" || fail "the build step did not put sesslint on GITHUB_PATH"
[[ -x $RUNNER_TEMP/sesslint/bin/sesslint && -d $RUNNER_TEMP/sesslint/share/sesslint/rules ]] ||
  fail "the build step did not install sesslint and its rules"
[[ ! -e $RUNNER_TEMP/sesslint-build/tests ]] || fail "the build step configured the tests"

# net.c, clean or with a leak on a failed connect.
write_net() {
  local leak=
  [[ $2 == leaky ]] && leak=$'    if (rc != 0)\n        return rc;\n'
  cat >"$1" <<EOF
typedef struct ssh_session_struct *ssh_session;
ssh_session ssh_new(void);
int ssh_connect(ssh_session s);
void ssh_free(ssh_session s);

int probe(void)
{
    ssh_session s = ssh_new();
    if (!s)
        return -1;
    int rc = ssh_connect(s);
${leak}    ssh_free(s);
    return rc;
}
EOF
}
# new_project DIR: a git repository whose one commit has a clean src/net.c
new_project() {
  mkdir -p "$1/src"
  write_net "$1/src/net.c" clean
  git -C "$1" init -q
  git -C "$1" -c user.name=action -c user.email=action@localhost add -A
  git -C "$1" -c user.name=action -c user.email=action@localhost commit -qm clean
}
commit_all() { git -c user.name=action -c user.email=action@localhost commit -qam "$1"; }

p=$tmp/project
new_project "$p"
cd "$p"

# record the clean commit (what the default branch's workflow does)
run_step "sesslint check" fail-on=none || { cat "$tmp/step.log" >&2; fail "the recording run failed"; }
grep -qx 'exit-code=0' "$GITHUB_OUTPUT" || fail "the recording run did not set exit-code=0"
[[ -s $p/.sesslint/findings.db ]] || fail "the recording run stored nothing"

# a commit that adds a leak, gated against the clean one
write_net src/net.c leaky
commit_all "leak on a failed connect"
: >"$GITHUB_OUTPUT"
run_step "sesslint check" fail-on=new baseline=HEAD~1 || { cat "$tmp/step.log" >&2; fail "the gated run's step failed"; }
grep -qx 'exit-code=1' "$GITHUB_OUTPUT" ||
  { cat "$tmp/step.log" >&2; fail "the gated run on a new leak did not set exit-code=1: $(cat "$GITHUB_OUTPUT")"; }
grep -qx 'sarif-written=true' "$GITHUB_OUTPUT" || fail "the gated run did not say the SARIF was written"
grep -q '"ruleId": "leak.session"' "$p/sesslint.sarif" || fail "the SARIF has no leak.session result"
if run_step "Gate" fail-on=new; then fail "the gate step passed with a new finding"; fi
grep -q '::error title=sesslint::findings fail the gate' "$tmp/step.log" || fail "the gate step gave no error annotation"

# a commit that adds no finding, gated against the previous one
echo "/* docs */" >>src/net.c
commit_all "comment only"
: >"$GITHUB_OUTPUT"
run_step "sesslint check" fail-on=new baseline=HEAD~1 baseline-missing=all-new ||
  { cat "$tmp/step.log" >&2; fail "the second gated run's step failed"; }
grep -qx 'exit-code=0' "$GITHUB_OUTPUT" ||
  { cat "$tmp/step.log" >&2; fail "a commit with no new finding did not pass: $(cat "$GITHUB_OUTPUT")"; }
run_step "Gate" fail-on=new || { cat "$tmp/step.log" >&2; fail "the gate step failed with nothing new"; }
echo "action: build, record, gate (new leak: exit 1, SARIF, gate fails; nothing new: passes) ran as a runner runs them" >&2

# ---- 3. the pre-commit hook's entry ----

hook() { # FILE...: the hook's entry on FILEs, as pre-commit runs it
  local -a cmd
  read -ra cmd <<<"$entry"
  PATH="$RUNNER_TEMP/sesslint/bin:$PATH" "${cmd[@]}" "$@"
}
# a stored run of the clean HEAD (the post-commit hook's job), then a
# change to commit that adds the leak
h=$tmp/hooked
new_project "$h"
cd "$h"
PATH="$RUNNER_TEMP/sesslint/bin:$PATH" sesslint check -q --fail-on none src/net.c >/dev/null 2>&1 ||
  fail "could not store a run of the clean commit"
write_net src/net.c leaky
rc=0
hook src/net.c >"$tmp/hook.log" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || { cat "$tmp/hook.log" >&2; fail "the hook did not refuse a change that adds a leak (exit $rc)"; }
grep -q '\[leak.session\]' "$tmp/hook.log" || fail "the hook did not show the leak"
write_net src/net.c clean
echo "/* docs */" >>src/net.c
rc=0
hook src/net.c >"$tmp/hook.log" 2>&1 || rc=$?
[[ $rc -eq 0 ]] || { cat "$tmp/hook.log" >&2; fail "the hook refused a change with no new finding (exit $rc)"; }
echo "action: the pre-commit hook refuses a change that adds a leak, accepts one that does not" >&2
echo "1 passed, 0 failed"
