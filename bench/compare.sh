#!/usr/bin/env bash
# Compare the cost of two sesslint builds on the projects bench/fetch.sh
# prepared, against the libclang parse floor measured in the same run, and
# append the figures to bench/compare-results.md.
#
#   bench/compare.sh [--runs N] [--instructions N] [--old-flags F] [--new-flags F]
#                    [-o FILE] OLD NEW [PROJECT...]
#
# --old-flags / --new-flags add `check` flags to one side (split on spaces):
# the same binary twice with `--old-flags --no-infer` measures what
# inference costs.
# Each round runs, one after the other on one core: the floor (bench/floor.c,
# every TU parsed as sesslint parses it), OLD and NEW (`check -j1 --no-pch
# --no-db --format json -q`, every TU parsed whole, nothing cached).  The
# median of N rounds (default 3) of user+system CPU seconds is kept for each;
# a build's own cost is its time above the floor.  The report gives both
# builds as ratios to the floor, and NEW's own cost as a ratio of OLD's (the
# figure an engine change must keep near 1), with the findings each reported.
# Interleaving the three in every round spreads the machine's noise over all.
#
# --instructions N counts instructions instead (valgrind's callgrind, summed
# over the worker processes) on N translation units of each project spread
# evenly over its sorted list: the same count for the same binaries and
# inputs however busy the machine is, so small differences in the engine's
# own cost show.  One run each; slow (about 50 times a plain run).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${BENCH_WORK:-$here/work}
runs=3
ninsn=0
old_flags=()
new_flags=()
out=$here/compare-results.md

die() { printf 'compare: error: %s\n' "$*" >&2; exit 2; }
log() { printf 'compare: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    -o) out=${2:?}; shift 2 ;;
    --instructions) ninsn=${2:?}; shift 2 ;;
    --old-flags) read -ra old_flags <<<"${2?}"; shift 2 ;;
    --new-flags) read -ra new_flags <<<"${2?}"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) break ;;
    esac
done
[ $# -ge 2 ] || die "usage: bench/compare.sh [--runs N] [-o FILE] OLD_BINARY NEW_BINARY [PROJECT...]"
case $runs in ''|*[!0-9]*|0) die "--runs takes a positive number" ;; esac
case $ninsn in ''|*[!0-9]*) die "--instructions takes a number" ;; esac
[ "$ninsn" = 0 ] || command -v valgrind >/dev/null || die "valgrind is needed for --instructions" 
old=$1 new=$2
shift 2
for b in "$old" "$new"; do [ -x "$b" ] || die "not an executable: $b"; done
projects=("$@")
if [ "${#projects[@]}" -eq 0 ]; then
    for d in "$work"/db/*/; do
        [ -s "$d/compile_commands.json" ] && projects+=("$(basename "$d")")
    done
fi
[ "${#projects[@]}" -gt 0 ] || die "no project under $work/db: run bench/fetch.sh first"
command -v jq >/dev/null || die "jq is needed"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed"

# The floor, built against the libclang NEW uses.
libclang=$(ldd "$new" | grep -o '/[^ ]*libclang[^ ]*' | head -n1 || true)
llvm_dir=$(dirname "$(dirname "$libclang")")
[ -f "$llvm_dir/include/clang-c/Index.h" ] || die "cannot tell which libclang $new uses"
floor=$work/floor-$(basename "$llvm_dir")
make -s -C "$here" OUT="$floor" LLVM_DIR="$llvm_dir" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# cpu_seconds FILE: user + system from a GNU time output file.
cpu_seconds() { awk 'END { printf "%.2f", $1 + $2 }' "$1"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

rev() { git -C "$(dirname "$1")" rev-parse --short HEAD 2>/dev/null || echo "?"; }

# How each build is run, and the report's heading: header TITLE WHAT FLOOR_COLUMN.
sl_args=(check -j1 --no-pch --no-db --format json -q)
header() {
    printf '\n## %s\n\n' "$1"
    printf 'OLD `%s` (%s)%s, NEW `%s` (%s)%s; %s; `-j1 --no-pch --no-db`.\n\n' \
        "$old" "$(rev "$old")" "${old_flags[*]:+ with \`${old_flags[*]}\`}" \
        "$new" "$(rev "$new")" "${new_flags[*]:+ with \`${new_flags[*]}\`}" "$2"
    printf '| project | %s | OLD (× floor) | NEW (× floor) | own cost NEW ÷ OLD | findings OLD → NEW |\n' "$3"
    printf '|---|---:|---:|---:|---:|---:|\n'
}

# insns OUTFILE CMD...: instructions the command and its children ran.
insns() {
    local o=$1
    shift
    valgrind --tool=callgrind --callgrind-out-file=/dev/null --trace-children=yes "$@" \
        >/dev/null 2>"$o.log" || [ $? -le 1 ] || die "failed under valgrind: $* (see $o.log)"
    grep -o 'Collected : [0-9]*' "$o.log" | awk '{ n += $3 } END { print n + 0 }' >"$o"
}

if [ "$ninsn" -gt 0 ]; then
    header "$(date -u +%Y-%m-%dT%H:%MZ) (instructions)" \
        "instructions (callgrind) on $ninsn TUs per project spread over its list" 'floor (10⁹)' \
        >>"$tmp/report"
    for p in "${projects[@]}"; do
        db=$work/db/$p
        mapfile -t all < <("$floor" --list "$db")
        [ "${#all[@]}" -gt 0 ] || die "no TU in $db"
        step=$(( (${#all[@]} + ninsn - 1) / ninsn ))
        tus=()
        for ((k = 0; k < ${#all[@]}; k += step)); do tus+=("${all[k]}"); done
        log "$p: ${#tus[@]} TUs under callgrind"
        insns "$tmp/floor" "$floor" -j 1 "$db" "${tus[@]}"
        insns "$tmp/old" "$old" "${sl_args[@]}" "${old_flags[@]}" -o "$tmp/old.json" -p "$db" \
            "${tus[@]}"
        insns "$tmp/new" "$new" "${sl_args[@]}" "${new_flags[@]}" -o "$tmp/new.json" -p "$db" \
            "${tus[@]}"
        awk -v p="$p" -v f="$(cat "$tmp/floor")" -v o="$(cat "$tmp/old")" -v n="$(cat "$tmp/new")" \
            -v fo="$(jq '.summary.findings' "$tmp/old.json")" -v fn="$(jq '.summary.findings' "$tmp/new.json")" 'BEGIN {
            own = (o > f) ? sprintf("%.3f", (n - f) / (o - f)) : "n/a";
            printf "| %s | %.2f | %.2f (%.3f) | %.2f (%.3f) | %s | %d → %d |\n",
                   p, f / 1e9, o / 1e9, o / f, n / 1e9, n / f, own, fo, fn }' >>"$tmp/report"
    done
    tee -a "$out" <"$tmp/report"
    exit 0
fi
header "$(date -u +%Y-%m-%dT%H:%MZ)" "$runs rounds, CPU seconds (user+system), median" floor \
    >>"$tmp/report"

for p in "${projects[@]}"; do
    db=$work/db/$p
    [ -s "$db/compile_commands.json" ] || die "no $db/compile_commands.json (bench/fetch.sh $p)"
    for i in $(seq 1 "$runs"); do
        log "$p: round $i"
        /usr/bin/time -f '%U %S' -o "$tmp/floor.$i" "$floor" -j 1 "$db" >/dev/null
        for which in old new; do
            bin=$old flags=("${old_flags[@]}")
            [ $which = new ] && bin=$new flags=("${new_flags[@]}")
            /usr/bin/time -f '%U %S' -o "$tmp/$which.$i" \
                "$bin" "${sl_args[@]}" "${flags[@]}" -o "$tmp/$which.json" -p "$db" \
                >/dev/null 2>&1 || [ $? -le 1 ] || die "$bin failed on $p"
        done
    done
    f=$(for i in $(seq 1 "$runs"); do cpu_seconds "$tmp/floor.$i"; echo; done | median)
    o=$(for i in $(seq 1 "$runs"); do cpu_seconds "$tmp/old.$i"; echo; done | median)
    n=$(for i in $(seq 1 "$runs"); do cpu_seconds "$tmp/new.$i"; echo; done | median)
    fo=$(jq '.summary.findings' "$tmp/old.json")
    fn=$(jq '.summary.findings' "$tmp/new.json")
    awk -v p="$p" -v f="$f" -v o="$o" -v n="$n" -v fo="$fo" -v fn="$fn" 'BEGIN {
        own = (o - f > 0.01) ? sprintf("%.2f", (n - f) / (o - f)) : "n/a (OLD at the floor)";
        printf "| %s | %.2f s | %.2f s (%.2f) | %.2f s (%.2f) | %s | %d → %d |\n",
               p, f, o, o / f, n, n / f, own, fo, fn }' >>"$tmp/report"
done
cat "$tmp/report" | tee -a "$out"
