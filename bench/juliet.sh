#!/usr/bin/env bash
# Run sesslint on the NIST Juliet C test suite v1.3 (the handle and memory
# CWEs) and print recall and precision per CWE, the way the suite defines its
# answers: a test case's flaw is in the functions whose names say "bad", its
# fixed twins in those that say "good".
#
#   bench/juliet.sh [--suite DIR] [--cwe LIST] [-j N] [-o FILE] [--no-record]
#                   [--label TEXT]
#
# --suite DIR   the suite: a bare git directory (what `fetch` brings for
#               github:arichardson/juliet-test-suite-c) or a checkout; default
#               $JULIET_SUITE.  Its files are exported under
#               bench/work/juliet/ (gitignored), never committed.
# --cwe LIST    comma-separated, default 775,773,404,401.  401 (memory leaks)
#               is run with the memory rules enabled (`--enable memory`).
# -o FILE       where the table is appended (default bench/juliet-results.md);
#               --no-record prints it only.
# --label TEXT  how the report names the build measured (default: this
#               repository's commit when SESSLINT is unset, else its path).
#
# Selection: the C test cases (*.c; C++ and Windows-only "w32" cases left
# out) of each CWE; a test case is its files with the a/b/c... suffix
# dropped.  Every CWE is one sesslint run over all its files plus
# testcasesupport/io.c, so constants and functions defined in other files of
# the suite are visible, as when the suite is built as one program.
#
# Scoring, per test case: detected when some finding is in a function whose
# name contains "bad"; a false alarm when some finding is anywhere else (a
# "good" function, a helper, io.c).  recall = detected / test cases;
# precision = detected / (detected + false alarms).  The findings behind
# every figure are listed in bench/work/juliet/findings-CWE*.tsv.
# The binary is SESSLINT=path (default build/sesslint).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}/juliet
suite=${JULIET_SUITE:-}
cwes=775,773,404,401
jobs=$(nproc 2>/dev/null || echo 2)
out=$here/juliet-results.md
record=1
label=
sesslint=${SESSLINT:-$repo/build/sesslint}

die() { printf 'juliet: error: %s\n' "$*" >&2; exit 2; }
log() { printf 'juliet: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --suite) suite=${2:?}; shift 2 ;;
    --cwe) cwes=${2:?}; shift 2 ;;
    -j) jobs=${2:?}; shift 2 ;;
    -o) out=${2:?}; shift 2 ;;
    --no-record) record=0; shift ;;
    --label) label=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
    esac
done
[ -n "$suite" ] || die "no suite: give --suite DIR (a git directory of github:arichardson/juliet-test-suite-c) or set JULIET_SUITE"
[ -d "$suite" ] || die "not a directory: $suite"
[ -x "$sesslint" ] || die "not an executable: $sesslint (build it, or set SESSLINT)"
command -v jq >/dev/null || die "jq is needed"

# Export testcasesupport and the chosen CWEs' directories from the suite.
cwe_dirs=()
IFS=, read -r -a cwe_list <<<"$cwes"
if git --git-dir="$suite" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    gitdir=$suite
elif git -C "$suite" rev-parse --verify -q HEAD >/dev/null 2>&1; then
    gitdir=$(git -C "$suite" rev-parse --absolute-git-dir)
else
    die "$suite is not a git directory or checkout of the suite"
fi
suite_commit=$(git --git-dir="$gitdir" rev-parse HEAD)
for c in "${cwe_list[@]}"; do
    case $c in ''|*[!0-9]*) die "--cwe takes numbers: $c" ;; esac
    d=$(git --git-dir="$gitdir" ls-tree --name-only HEAD testcases/ | grep "^testcases/CWE${c}_" || true)
    [ -n "$d" ] || die "the suite has no CWE-$c directory"
    cwe_dirs+=("$d")
done
if [ ! -f "$work/.commit" ] || [ "$(cat "$work/.commit")" != "$suite_commit" ]; then
    rm -rf "$work"
    mkdir -p "$work"
fi
missing=()
for d in testcasesupport "${cwe_dirs[@]}"; do
    [ -d "$work/$d" ] || missing+=("$d")
done
if [ "${#missing[@]}" -gt 0 ]; then
    log "exporting ${missing[*]} at ${suite_commit:0:12}"
    git --git-dir="$gitdir" archive HEAD "${missing[@]}" | tar -x -C "$work"
    echo "$suite_commit" >"$work/.commit"
fi

if [ -z "$label" ] && [ -n "${SESSLINT:-}" ]; then
    label=$SESSLINT
elif [ -z "$label" ]; then
    label=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
    git -C "$repo" diff --quiet HEAD -- . ":!bench/juliet-results.md" 2>/dev/null ||
        label="$label+dirty"
fi
table="| CWE | test cases | detected | false alarms | recall | precision | findings (bad / other) |
|---|---:|---:|---:|---:|---:|---:|"
tot_n=0 tot_tp=0 tot_fp=0 handle_n=0 handle_tp=0 handle_fp=0
for i in "${!cwe_list[@]}"; do
    c=${cwe_list[$i]} d=${cwe_dirs[$i]}
    mapfile -t files < <(find "$work/$d" -name '*.c' ! -name '*w32*' | sort)
    [ "${#files[@]}" -gt 0 ] || die "no C test case under $d"
    extra=()
    [ "$c" = 401 ] && extra=(--enable memory)
    log "CWE-$c: ${#files[@]} files"
    json=$work/CWE$c.json
    rc=0
    "$sesslint" check --no-db -q --format json -j "$jobs" "${extra[@]}" -o "$json" \
        "${files[@]}" "$work/testcasesupport/io.c" -- -I"$work/testcasesupport" || rc=$?
    [ "$rc" -le 1 ] || die "sesslint exited $rc on CWE-$c"
    perr=$(jq '.summary.parse_errors + .summary.failed' "$json")
    [ "$perr" = 0 ] || log "CWE-$c: $perr translation units with parse errors or failures"
    # One line per finding: test case, class (bad|other), function, rule, file:line.
    jq -r '.findings[] | [.file, .function, .rule, (.line|tostring)] | @tsv' "$json" |
        awk -F'\t' 'BEGIN { OFS = "\t" } {
            n = split($1, p, "/"); base = p[n]
            tc = base; sub(/[a-z]?\.c$/, "", tc)
            cls = ($2 ~ /[Bb]ad/ && $2 !~ /[Gg]ood/) ? "bad" : "other"
            print tc, cls, $2, $3, base ":" $4 }' | sort >"$work/findings-CWE$c.tsv"
    n=$(printf '%s\n' "${files[@]}" | sed -E 's|.*/||; s/[a-z]?\.c$//' | sort -u | wc -l)
    tp=$(awk -F'\t' '$2 == "bad" { print $1 }' "$work/findings-CWE$c.tsv" | sort -u | wc -l)
    fp=$(awk -F'\t' '$2 != "bad" { print $1 }' "$work/findings-CWE$c.tsv" | sort -u | wc -l)
    nb=$(awk -F'\t' '$2 == "bad"' "$work/findings-CWE$c.tsv" | wc -l)
    no=$(awk -F'\t' '$2 != "bad"' "$work/findings-CWE$c.tsv" | wc -l)
    row=$(awk -v c="$c" -v n="$n" -v tp="$tp" -v fp="$fp" -v nb="$nb" -v no="$no" 'BEGIN {
        printf "| %s | %d | %d | %d | %.2f | %s | %d / %d |", c, n, tp, fp, tp / n,
            (tp + fp) ? sprintf("%.2f", tp / (tp + fp)) : "-", nb, no }')
    table+=$'\n'"$row"
    tot_n=$((tot_n + n)) tot_tp=$((tot_tp + tp)) tot_fp=$((tot_fp + fp))
    if [ "$c" != 401 ]; then
        handle_n=$((handle_n + n)) handle_tp=$((handle_tp + tp)) handle_fp=$((handle_fp + fp))
    fi
done
handles=
for c in "${cwe_list[@]}"; do [ "$c" = 401 ] || handles+=${handles:++}$c; done
if [ "$handles" != "${handles#*+}" ]; then
    table+=$'\n'$(awk -v h="$handles" -v n="$handle_n" -v tp="$handle_tp" -v fp="$handle_fp" 'BEGIN {
        printf "| %s | %d | %d | %d | %.2f | %s | |", h, n, tp, fp, tp / n,
            (tp + fp) ? sprintf("%.2f", tp / (tp + fp)) : "-" }')
fi

report="## $(date -u +%Y-%m-%d) sesslint $label, suite ${suite_commit:0:12}

\`bench/juliet.sh --cwe $cwes\` (C test cases without w32; testcasesupport/io.c analyzed with them)

$table
"
printf '%s\n' "$report"
if [ "$record" = 1 ]; then
    if [ ! -f "$out" ]; then
        printf '# Juliet C v1.3: recall and precision\n\nWritten by bench/juliet.sh; newest last.\n\n' >"$out"
    fi
    printf '%s\n' "$report" >>"$out"
    log "appended to $out"
fi
