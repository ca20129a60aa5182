#!/usr/bin/env bash
# sesslint on a big C tree, against the parse floor and against a small
# project scaled by size, with the database holding many runs; writes
# bench/scale-results.md.
#
#   bench/scale.sh [options] [SOURCE]
#     SOURCE         openssl (default): the Debian source package, fetched and
#                    given a compile database here (no build: see below); or
#                    a project bench/fetch.sh prepared (curl, openssh...); or
#                    a directory holding compile_commands.json
#     --ref SOURCE   the project the figures are compared with, scaled by
#                    size (curl)
#     --mem SOURCE   also measure this project's cold run with the
#                    per-process memory breakdown, no database (repeatable;
#                    default: openssh when bench/fetch.sh prepared it)
#     -j N           workers (2)
#     --runs N       cold measurements of each project (1: the big one takes
#                    minutes)
#     --db-runs N    runs stored in the database whose commands are timed (100)
#     --reps N       calls of each database command in one timed loop; the
#                    figures are per call (10)
#     -o FILE        the report (bench/scale-results.md)
#     --report DIR   only write the report again from a finished run's
#                    directory (bench/work/scale/runs/STAMP)
#   SESSLINT=path    binary under test (default: build/sesslint of this repo)
#   BENCH_WORK=dir   work directory (default: bench/work)
#
# Nothing third-party is committed: sources, builds, databases and timings
# live under $BENCH_WORK (OpenSSL's under $BENCH_WORK/scale/, so that
# bench/run.sh, which measures every project under $BENCH_WORK/db/, does not
# pick it up).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# fetch.sh's helpers: ensure_deb_src, ensure_pkgs, source_dir, $work, $src, $logs
# shellcheck source=bench/fetch.sh
. "$here/fetch.sh"
SESSLINT=${SESSLINT:-$repo/build/sesslint}
big=openssl
ref=curl
mems=()
mem_default=1
jobs=2
runs=1
db_runs=100
reps=10
out=$here/scale-results.md
report_from=''

die() { printf 'scale: error: %s\n' "$*" >&2; exit 2; }
log() { printf 'scale: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --ref) ref=${2:?}; shift 2 ;;
    --mem) mems+=("${2:?}"); mem_default=0; shift 2 ;;
    -j) jobs=${2:?}; shift 2 ;;
    -j*) jobs=${1#-j}; shift ;;
    --runs) runs=${2:?}; shift 2 ;;
    --db-runs) db_runs=${2:?}; shift 2 ;;
    --reps) reps=${2:?}; shift 2 ;;
    -o) out=${2:?}; shift 2 ;;
    --report) report_from=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,31p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) big=$1; shift ;;
    esac
done
case $jobs$runs$db_runs$reps in *[!0-9]*) die "-j, --runs, --db-runs and --reps take numbers" ;; esac
[ "$db_runs" -ge 2 ] || die "--db-runs must be at least 2"
if [ "$mem_default" = 1 ] && [ -s "$work/db/openssh/compile_commands.json" ]; then
    mems=(openssh)
fi

# ---- the big tree's compile database --------------------------------------

# OpenSSL: ./Configure with its defaults in an out-of-tree build directory,
# the generated headers and sources made, then the compile commands read from
# `make -n` (a dry run: nothing is compiled).  Every "-c -o X.o Y.c" line is
# one entry, the source made absolute; a file compiled for several libraries
# keeps its first command (as bench/fetch.sh does).
prepare_openssl() {
    local outdir=$1 d b=$work/scale/build/openssl
    ensure_pkgs build-essential perl
    command -v jq >/dev/null || ensure_pkgs jq
    mkdir -p "$src" "$logs" "$b"
    ensure_deb_src
    d=$(source_dir openssl)
    if [ ! -f "$b/Makefile" ]; then
        log "openssl: Configure (log: $logs/openssl.configure.log)"
        (cd "$b" && perl "$d/Configure") >"$logs/openssl.configure.log" 2>&1 ||
            die "openssl: Configure failed (see $logs/openssl.configure.log)"
    fi
    log "openssl: generated headers and sources, then make -n (log: $logs/openssl.generate.log)"
    # Every generated C file and header the Makefile lists (GENERATED: the
    # public headers, apps/progs.h, crypto/buildinf.h, the providers' DER
    # tables...), made by their own rules: nothing is compiled.
    local gen
    # shellcheck disable=SC1003 # a backslash, not an escaped quote
    gen=$(awk '/^GENERATED=/ { on = 1 } on { print } on && !/\\$/ { exit }' "$b/Makefile" |
        tr -s '[:space:]\\' '\n' | grep -E '\.(h|c)$' || true)
    [ -n "$gen" ] || die "openssl: no GENERATED list in $b/Makefile"
    # shellcheck disable=SC2086 # one word per file
    (cd "$b" && make build_generated $gen) >"$logs/openssl.generate.log" 2>&1 ||
        die "openssl: generating sources failed (see $logs/openssl.generate.log)"
    (cd "$b" && make -n all) >"$b/dry-run.txt" 2>>"$logs/openssl.generate.log" ||
        die "openssl: make -n failed (see $logs/openssl.generate.log)"
    grep -E '^[^ ]*(gcc|cc|clang)[^ ]* .* -c -o [^ ]+\.o [^ ]+\.c$' "$b/dry-run.txt" |
        jq -R --arg d "$b" '(split(" ") | last) as $s
            | (if ($s | startswith("/")) then $s else $d + "/" + $s end) as $abs
            | {directory: $d, file: $abs, command: (.[0:length - ($s | length)] + $abs)}' |
        jq -s 'reduce .[] as $e ({seen: {}, out: []};
                 if .seen[$e.file] then . else .seen[$e.file] = true | .out += [$e] end) | .out' \
            >"$b/compile_commands.json"
    local missing=() f
    while read -r f; do
        [ -f "$f" ] || missing+=("${f#"$b"/}")
    done < <(jq -r '.[].file' "$b/compile_commands.json")
    [ "${#missing[@]}" = 0 ] || die "openssl: ${#missing[@]} sources not generated: ${missing[*]:0:5}..."
    mkdir -p "$outdir"
    cp "$b/compile_commands.json" "$outdir/compile_commands.json"
}

# resolve SOURCE: prints the directory holding its compile_commands.json.
resolve() {
    local s=$1
    if [ -d "$s" ] && [ -s "$s/compile_commands.json" ]; then
        (cd "$s" && pwd)
    elif [ -s "$work/db/$s/compile_commands.json" ]; then
        echo "$work/db/$s"
    elif [ -s "$work/scale/db/$s/compile_commands.json" ]; then
        echo "$work/scale/db/$s"
    elif [ "$s" = openssl ]; then
        prepare_openssl "$work/scale/db/openssl" >&2
        echo "$work/scale/db/openssl"
    elif [[ $s == */* ]]; then
        die "$s: no compile_commands.json there"
    else
        die "$s: no compile database under $work/db or $work/scale/db, and no recipe for this package here (openssl has one; bench/fetch.sh makes the others; or give a directory with compile_commands.json)"
    fi
}

# ---- measuring ------------------------------------------------------------

setup() {
    [ -x "$SESSLINT" ] || die "no sesslint binary at $SESSLINT (build it, or set SESSLINT=path)"
    SESSLINT=$(cd "$(dirname "$SESSLINT")" && pwd)/$(basename "$SESSLINT")
    command -v jq >/dev/null || die "jq is needed"
    command -v sqlite3 >/dev/null || ensure_pkgs sqlite3
    [ -x /usr/bin/time ] || ensure_pkgs time
    # the floor against the libclang the binary uses
    local lib d
    lib=$(ldd "$SESSLINT" | grep -o '/[^ ]*libclang[^ ]*' | head -n1 || true)
    llvm_dir=''
    for d in "$(dirname "$(dirname "${lib:-/x/x}")")" /usr/lib/llvm-*; do
        if [ -n "$lib" ] && [ -e "$d/lib/$(basename "$lib")" ] && [ -f "$d/include/clang-c/Index.h" ]; then
            llvm_dir=$d
            break
        fi
    done
    [ -n "$llvm_dir" ] || die "cannot tell which libclang $SESSLINT uses (ldd: ${lib:-none})"
    floor=$work/floor-$(basename "$llvm_dir")
    make -s -C "$here" OUT="$floor" LLVM_DIR="$llvm_dir" >&2
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    rundir=$work/scale/runs/$stamp
    mkdir -p "$rundir"
    raw=$rundir/raw.tsv   # project measure iter wall cpu rss_kib rc others% note
    : >"$raw"
    : >"$rundir/projects.tsv"
    : >"$rundir/commands.txt"
}

ncpu=$(nproc 2>/dev/null || echo 1)
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_seconds() {
    awk -v hz="$hz" '$1 == "cpu" { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}

# measure PROJECT NAME ITER CMD...: time CMD (its process tree sampled by
# procmem.sh when NAME is a cold run), append a raw row.
measure() {
    local p=$1 name=$2 iter=$3
    shift 3
    local base=$rundir/$p.$name.$iter rc=0 b0 b1 wall user sys rss others note=''
    [ "$iter" = 1 ] && [ "$1" != bash ] && printf '%s\t%s\t%s\n' "$p" "$name" "$(shell_words "$@")" >>"$rundir/commands.txt"
    log "$p: $name #$iter"
    local pre=()
    case $name in floor|sesslint*) pre=("$here/procmem.sh" -o "$base.mem.tsv" --) ;; esac
    b0=$(busy_seconds)
    "${pre[@]}" /usr/bin/time -f '%e %U %S %M' -o "$base.time" "$@" >"$base.out" 2>"$base.err" || rc=$?
    b1=$(busy_seconds)
    read -r wall user sys rss < <(tail -n1 "$base.time")
    # the sampler's own CPU is in b1 - b0: counted among the others
    others=$(echo "scale=4; o = ($b1 - $b0) - ($user + $sys); if (o < 0) o = 0;
                   if ($wall > 0) o * 100 / ($wall * $ncpu) else 0" | bc)
    if grep -q '^mode=parse' "$base.out"; then
        note=$(grep -o 'errors=[0-9]* failed=[0-9]*' "$base.out" | tail -n1)
    elif [ -s "$base.json" ]; then
        note=$(jq -r '"\(.summary.translation_units) TUs, \(.summary.parse_errors) with parse errors, \(.summary.failed) failed, \(.summary.findings) findings"' "$base.json" 2>/dev/null || true)
    fi
    printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%.0f\t%s\n' "$p" "$name" "$iter" "$wall" \
        "$(echo "$user + $sys" | bc)" "$rss" "$rc" "$others" "$note" >>"$raw"
}

# db_stats DB: size in bytes (with its WAL, if any), then the row counts,
# then the bytes of the pages of the files table and of the findings and
# steps tables (with their indexes)
db_stats() {
    local db=$1 size
    size=$(( $(stat -c %s "$db") + $( [ -f "$db-wal" ] && stat -c %s "$db-wal" || echo 0) ))
    printf '%s\t%s\n' "$size" "$(sqlite3 -readonly "$db" \
        "SELECT (SELECT count(*) FROM runs) || ' ' || (SELECT count(*) FROM files) || ' ' ||
                (SELECT count(*) FROM findings) || ' ' || (SELECT count(*) FROM steps) || ' ' ||
                (SELECT count(*) FROM summaries) || ' ' || (SELECT count(*) FROM tu_cache) || '/' ||
                (SELECT count(*) FROM tu_cache_decls) || ' ' ||
                (SELECT sum(pgsize) FROM dbstat WHERE name IN ('files', 'sqlite_autoindex_files_1')) || ' ' ||
                (SELECT sum(pgsize) FROM dbstat WHERE name IN ('findings', 'findings_run',
                                                               'findings_fingerprint', 'steps'))")"
}

# cold PROJECT DBDIR WITH_DB: the floor and sesslint -jN, runs times
cold() {
    local p=$1 d=$2 with_db=$3 i
    for ((i = 1; i <= runs; i++)); do
        measure "$p" floor "$i" "$floor" -j "$jobs" "$d"
        local base=$rundir/$p.sesslint.$i sdb=$rundir/$p.db
        rm -f "$sdb" "$sdb-wal" "$sdb-shm"
        local c=("$SESSLINT" check --format json -q -p "$d" -o "$base.json" -j "$jobs")
        if [ "$with_db" = 1 ]; then
            c+=(--db "$sdb" --commit "$(printf '%040x' 1)")
        else
            c+=(--no-db)
        fi
        measure "$p" sesslint "$i" "${c[@]}"
        if [ "$with_db" = 0 ] || [ "$p" != "$big_name" ]; then
            # the same without the shared precompiled headers: is the PCH
            # what costs memory?
            measure "$p" sesslint-no-pch "$i" "$SESSLINT" check --format json -q -p "$d" \
                -o "$rundir/$p.sesslint-no-pch.$i.json" -j "$jobs" --no-db --no-pch
        fi
    done
}

# history PROJECT DBDIR: the database of the last cold run grows to db_runs
# runs, each one a real run of the same tree under its own commit id taken
# from the warm cache (so every run stores its files, findings and steps as
# a CI run would, and the cache and summaries tables hold one tree's worth);
# then diff, findings and query are timed on it.
history() {
    local p=$1 d=$2 sdb=$rundir/$1.db k
    printf '%s\tone-run\t%s\n' "$p" "$(db_stats "$sdb")" >>"$rundir/db.tsv"
    for ((k = 2; k <= db_runs; k++)); do
        /usr/bin/time -f '%e %U %S %M' -o "$rundir/$p.warm.time" \
            "$SESSLINT" check --format json -q -p "$d" -o /dev/null -j "$jobs" --db "$sdb" \
            --commit "$(printf '%040x' "$k")" >/dev/null 2>"$rundir/$p.warm.err" || {
            local rc=$?
            [ "$rc" -le 1 ] || [ "$rc" = 3 ] || die "$p: warm run $k failed ($rc; see $rundir/$p.warm.err)"
        }
        read -r w u s _ < <(tail -n1 "$rundir/$p.warm.time")
        printf '%s\twarm\t%s\t%s\t%.2f\n' "$p" "$k" "$w" "$(echo "$u + $s" | bc)" >>"$rundir/warm.tsv"
        [ $((k % 10)) = 0 ] && log "$p: $k runs stored"
    done
    printf '%s\t%s-runs\t%s\n' "$p" "$db_runs" "$(db_stats "$sdb")" >>"$rundir/db.tsv"
    local first last
    read -r first last < <(sqlite3 -readonly -separator ' ' "$sdb" 'SELECT min(id), max(id) FROM runs')
    local trend="SELECT r.id AS run, substr(r.commit_hash, 1, 10) AS commit_hash, count(f.id) AS findings \
FROM runs r LEFT JOIN findings f ON f.run_id = r.id AND NOT f.suppressed GROUP BY r.id ORDER BY r.id"
    local since="SELECT f.file || ':' || f.line AS location, f.rule, \
(SELECT datetime(min(r2.started), 'unixepoch') FROM findings f2 JOIN runs r2 ON r2.id = f2.run_id \
WHERE f2.fingerprint = f.fingerprint) AS since \
FROM findings f WHERE f.run_id = (SELECT max(id) FROM runs) ORDER BY since"
    local byfile="SELECT status, count(*) AS n, sum(nfunctions) AS functions FROM files \
WHERE run_id = (SELECT max(id) FROM runs) GROUP BY status"
    repeat "$p" "diff" "$SESSLINT" diff "#$first" "#$last" --db "$sdb"
    repeat "$p" "diff-json" "$SESSLINT" diff "#$first" "#$last" --db "$sdb" --format json
    repeat "$p" "findings" "$SESSLINT" findings --run latest --db "$sdb"
    repeat "$p" "query-trend" "$SESSLINT" query "$trend" --db "$sdb"
    repeat "$p" "query-since" "$SESSLINT" query "$since" --db "$sdb"
    repeat "$p" "query-files" "$SESSLINT" query "$byfile" --db "$sdb"
}

# repeat PROJECT NAME CMD...: CMD run reps times in one timed loop (GNU
# time's 10 ms steps would round one short call away); the raw row holds the
# figures per call.
repeat() {
    local p=$1 name=$2
    shift 2
    printf '%s\t%s\t%s\n' "$p" "$name" "$(shell_words "$@")" >>"$rundir/commands.txt"
    # shellcheck disable=SC2016 # the loop is bash -c's own script
    measure "$p" "$name" 1 bash -c 'n=$1; shift; for ((k = 0; k < n; k++)); do "$@" >/dev/null || exit; done' \
        _ "$reps" "$@"
    awk -F'\t' -v OFS='\t' -v p="$p" -v n="$name" -v r="$reps" '$1 == p && $2 == n && $3 == 1 {
        $3 = "per-call"; $4 = sprintf("%.4f", $4 / r); $5 = sprintf("%.4f", $5 / r) } { print }' \
        "$raw" >"$raw.tmp" && mv "$raw.tmp" "$raw"
}

# The arguments as one shell line, single-quoting those that need it.
shell_words() {
    local a line=''
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./=:,+@%{}#-]+$ ]]; then
            line+=" $a"
        else
            line+=" '${a//\'/\'\\\'\'}'"
        fi
    done
    printf '%s' "${line# }"
}

project_row() { # NAME DBDIR ROLE
    local p=$1 d=$2 role=$3 tus lines
    mapfile -t tus < <("$floor" --list "$d")
    [ "${#tus[@]}" -gt 0 ] || die "$p: no translation unit in $d"
    lines=$(cat "${tus[@]}" | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\n' "$p" "${#tus[@]}" "$lines" "$role" "$d" >>"$rundir/projects.tsv"
}

measure_all() {
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    date_start=$(date -u '+%Y-%m-%d %H:%M UTC')
    big_dir=$(resolve "$big")
    big_name=$(basename "$big_dir")
    ref_dir=$(resolve "$ref")
    ref_name=$(basename "$ref_dir")
    project_row "$big_name" "$big_dir" big
    project_row "$ref_name" "$ref_dir" ref
    local m md todo=()
    for m in "${mems[@]}"; do
        md=$(resolve "$m")
        [ "$md" = "$big_dir" ] || [ "$md" = "$ref_dir" ] && continue
        grep -qF "	$md" "$rundir/projects.tsv" && continue
        project_row "$(basename "$md")" "$md" mem
        todo+=("$md")
    done
    : >"$rundir/db.tsv"
    : >"$rundir/warm.tsv"
    cold "$ref_name" "$ref_dir" 1
    history "$ref_name" "$ref_dir"
    for md in "${todo[@]}"; do
        cold "$(basename "$md")" "$md" 0
    done
    cold "$big_name" "$big_dir" 1
    history "$big_name" "$big_dir"
    load_end=$(cut -d' ' -f1-3 /proc/loadavg)
    local sl_src
    sl_src=$(cd "$(dirname "$SESSLINT")/.." && pwd)
    sl_commit=$(git -C "$sl_src" rev-parse --short HEAD 2>/dev/null || echo unknown)
    if [ -n "$(git -C "$sl_src" status --porcelain -- analyzer reports rules 2>/dev/null)" ]; then
        sl_commit="$sl_commit (with uncommitted changes)"
    fi
    machine="$(nproc) online ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), RAM $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    floor_version="$("$floor" --version) ($llvm_dir)"
    sqlite_version=$(sqlite3 --version | cut -d' ' -f1)
    declare -p date_start load_start load_end jobs runs db_runs reps SESSLINT sl_commit machine \
        floor_version sqlite_version big_name ref_name >"$rundir/meta.env"
}

if [ -n "$report_from" ]; then
    rundir=$(cd "$report_from" && pwd)
    [ -s "$rundir/meta.env" ] || die "$rundir: no meta.env (not a finished run directory)"
    # shellcheck source=/dev/null
    . "$rundir/meta.env"
    raw=$rundir/raw.tsv
else
    setup
    measure_all
fi

# ---- report ---------------------------------------------------------------

# med PROJECT NAME COLUMN (4 wall, 5 cpu, 6 rss, 8 others): median over iterations
med() {
    awk -F'\t' -v p="$1" -v n="$2" -v c="$3" '$1 == p && $2 == n { print $c }' "$raw" |
        sort -g | awk '{ v[NR] = $1 } END { if (!NR) { print ""; exit }
            if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { # A B [digits]
    if [ -n "$1" ] && [ -n "$2" ] && [ "$(echo "$2 > 0" | bc)" = 1 ]; then
        printf "%.${3:-2}f" "$(echo "scale=6; $1 / $2" | bc)"
    else
        printf -- '-'
    fi
}
mib() { printf '%.0f' "$(echo "scale=2; $1 / 1024" | bc)"; }
within() { # RATIO (big/ref, scaled): "yes" when at most 2
    if [ "$1" = - ]; then echo -; elif [ "$(echo "$1 <= 2" | bc)" = 1 ]; then echo yes; else echo "**no**"; fi
}
# the projects whose database was grown (big and ref): "name TAB TUs"
db_projects() { awk -F'\t' -v OFS='\t' '$4 != "mem" { print $1, $2 }' "$rundir/projects.tsv"; }
ptu() { awk -F'\t' -v p="$1" '$1 == p { print $2 }' "$rundir/projects.tsv"; }
dbcol() { # PROJECT WHAT(one-run|N-runs) FIELD(1 size, 2 runs, 3 files, 4 findings, 5 steps, 6 summaries, 7 cache, 8 files bytes, 9 findings+steps bytes)
    awk -F'\t' -v p="$1" -v w="$2" -v f="$3" '$1 == p && $2 == w { split($4, r, " "); print (f == 1 ? $3 : r[f - 1]) }' "$rundir/db.tsv"
}

# the per-process table of one cold measurement (iteration 1)
proc_rows() { # PROJECT NAME
    local t=$rundir/$1.$2.1.mem.tsv
    [ -s "$t" ] || return 0
    # depth 0 is /usr/bin/time, 1 the tool's parent, 2 its workers, 3+ their children
    awk -F'\t' -v p="$1" -v n="$2" 'NR > 1 && $3 == 1 { tool = $4 }
        NR > 1 && $3 >= 1 {
        if ($3 == 1) role = "parent"
        else if ($3 == 2 && $4 == tool && $6 - $5 >= 0.5) role = "worker " ++nw
        else role = ($3 == 2 ? "child" : "grandchild") " (" $4 ", alive " sprintf("%.2f", $6 - $5) " s)"
        printf "| %s | %s | %s | %.0f | %.0f | %.0f | %.1f-%.1f |\n", p, n, role, $7 / 1024, $9 / 1024, $10 / 1024, $5, $6 }' "$t"
}
# peak worker and parent of a cold measurement (iteration 1): "worker_kib parent_kib"
peaks() {
    local t=$rundir/$1.$2.1.mem.tsv
    [ -s "$t" ] || { echo '- -'; return; }
    awk -F'\t' 'NR > 1 && $3 == 2 && $7 > w { w = $7; wa = $9; wf = $10 } NR > 1 && $3 == 1 { pa = $7 }
        END { print w + 0, pa + 0, wa + 0, wf + 0 }' "$t"
}

{
    echo "# sesslint at scale"
    echo
    echo "Written by \`bench/scale.sh\` on $date_start: the big tree **$big_name**, compared with"
    echo "**$ref_name** scaled by size; $runs cold run(s) of each at -j$jobs, the database grown to"
    echo "$db_runs runs, each database command timed over $reps calls."
    echo
    echo "## Machine"
    echo
    echo "- CPUs: $machine"
    echo "- load average (1/5/15 min) at start: $load_start; at end: $load_end"
    others=$(awk -F'\t' '{ print $8 }' "$raw" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)], v[NR]; else print "0 0" }')
    echo "- CPU used by other processes while measuring (share of all CPUs, /proc/stat minus the"
    echo "  measured command's own; the memory sampler's few per cent are counted here): median"
    echo "  $(cut -d' ' -f1 <<<"$others")%, worst $(cut -d' ' -f2 <<<"$others")% (column \"others\" below)"
    echo "- libclang (floor and sesslint): $floor_version; SQLite shell $sqlite_version"
    echo "- sesslint: \`$SESSLINT\`, source commit $sl_commit"
    echo
    echo "The machine is shared: wall times are inflated by the others' load; CPU-time ratios"
    echo "(sesslint's CPU over the floor's, measured back to back) are the figures to trust."
    echo
    echo "## Trees"
    echo
    echo "| project | TUs | lines in main files | compile database |"
    echo "|---|---:|---:|---|"
    while IFS=$'\t' read -r p n l role d; do
        echo "| $p ($role) | $n | $l | \`${d/#$work/bench/work}\` |"
    done <"$rundir/projects.tsv"
    echo
    echo "## Cold runs at -j$jobs against the parse floor"
    echo
    echo "The floor (\`bench/floor.c\`) parses every TU as sesslint does and walks its cursors,"
    echo "with the same -j. sesslint's cold run on $big_name and $ref_name stores into a fresh"
    echo "database (\`--db\`, the run a CI job makes); the \`--no-pch\` lines store nothing."
    echo "Peak RSS per worker is the largest worker's VmHWM (\`bench/procmem.sh\`)."
    echo
    echo "| project | measure | wall s | × floor | CPU s | CPU × floor | CPU ms per TU | peak RSS per worker MiB | × floor | parent MiB | others % | exit | notes |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    while IFS=$'\t' read -r p n _ _ _; do
        fw=$(med "$p" floor 4); fc=$(med "$p" floor 5)
        read -r fwk _ _ _ < <(peaks "$p" floor)
        for m in floor sesslint sesslint-no-pch; do
            w=$(med "$p" "$m" 4); [ -n "$w" ] || continue
            cs=$(med "$p" "$m" 5)
            read -r wk pk _ _ < <(peaks "$p" "$m")
            echo "| $p | $m | $w | $(ratio "$w" "$fw") | $cs | $(ratio "$cs" "$fc") | $(ratio "$(echo "$cs * 1000" | bc)" "$n" 0) | $(mib "$wk") | $(ratio "$wk" "$fwk") | $(mib "$pk") | $(med "$p" "$m" 8) | $(awk -F'\t' -v p="$p" -v m="$m" '$1 == p && $2 == m { print $7; exit }' "$raw") | $(awk -F'\t' -v p="$p" -v m="$m" '$1 == p && $2 == m { print $9; exit }' "$raw") |"
        done
    done <"$rundir/projects.tsv"
    echo
    echo "### Per process (first cold run)"
    echo
    echo "Peak is VmHWM; anonymous (heap, stacks) and file-backed (shared libraries, mapped"
    echo "files) parts are those of the largest resident set sampled (every 50 ms). The"
    echo "precompiled headers are built inside the workers (\`analyzer/pch.c\`: whichever worker"
    echo "first needs one), so their cost shows in the workers' figures, not as a process."
    echo
    echo "| project | measure | process | peak MiB | anon MiB | file MiB | alive s |"
    echo "|---|---|---|---:|---:|---:|---|"
    while IFS=$'\t' read -r p _ _ _ _; do
        for m in floor sesslint sesslint-no-pch; do proc_rows "$p" "$m"; done
    done <"$rundir/projects.tsv"
    echo
    echo "## Database"
    echo
    echo "Run 1 is the cold run; runs 2 to $db_runs are real runs of the same tree under their own"
    echo "commit ids (\`--commit\`), taken from the warm cache: each stores its files, findings and"
    echo "witness steps as a CI run would, while the summaries and cache tables hold one tree's"
    echo "worth. Sizes include the WAL."
    echo
    echo "| project | runs | size MiB | per 1,000 TUs MiB | growth per run KiB | per run per 1,000 TUs KiB | files rows | findings rows | steps rows | summaries | cache entries / candidate groups | warm run wall s / CPU s (median) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    while IFS=$'\t' read -r p n; do
        s1=$(dbcol "$p" one-run 1); sn=$(dbcol "$p" "$db_runs-runs" 1)
        [ -n "$s1" ] || continue
        grow=$(echo "scale=3; ($sn - $s1) / ($db_runs - 1) / 1024" | bc)
        wm=$(awk -F'\t' -v p="$p" '$1 == p { print $4 }' "$rundir/warm.tsv" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
        wc=$(awk -F'\t' -v p="$p" '$1 == p { print $5 }' "$rundir/warm.tsv" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
        for w in one-run "$db_runs-runs"; do
            s=$(dbcol "$p" "$w" 1)
            echo "| $p | $(dbcol "$p" "$w" 2) | $(printf '%.1f' "$(echo "scale=3; $s / 1048576" | bc)") | $(printf '%.2f' "$(echo "scale=4; $s / 1048576 * 1000 / $n" | bc)") | $( [ "$w" = one-run ] && echo - || printf '%.0f' "$grow") | $( [ "$w" = one-run ] && echo - || printf '%.1f' "$(echo "scale=4; $grow * 1000 / $n" | bc)") | $(dbcol "$p" "$w" 3) | $(dbcol "$p" "$w" 4) | $(dbcol "$p" "$w" 5) | $(dbcol "$p" "$w" 6) | $(dbcol "$p" "$w" 7) | $( [ "$w" = one-run ] && echo - || echo "$wm / $wc") |"
        done
    done < <(db_projects)
    echo
    echo "### Commands on the $db_runs-run database"
    echo
    echo "\`diff\`: the first run against the last (text, and \`--format json\`); \`findings\`: the"
    echo "latest run's table; \`query-trend\`: findings per run over every run (docs/db.md's trend"
    echo "query); \`query-since\`: when each current finding first appeared (a look-up per finding"
    echo "over all runs); \`query-files\`: the latest run's files counted by status. Standard output to /dev/null;"
    echo "each command timed over $reps calls in a row, the figures per call."
    echo
    echo "| project | command | wall s | CPU s | CPU ms per 1,000 TUs | others % | exit |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r p n; do
        for m in diff diff-json findings query-trend query-since query-files; do
            cs=$(med "$p" "$m" 5); [ -n "$cs" ] || continue
            echo "| $p | $m | $(med "$p" "$m" 4) | $cs | $(ratio "$(echo "$cs * 1000000" | bc)" "$n" 0) | $(med "$p" "$m" 8) | $(awk -F'\t' -v p="$p" -v m="$m" '$1 == p && $2 == m { print $7; exit }' "$raw") |"
        done
    done < <(db_projects)

    # ---- the comparison ----
    bn=$(ptu "$big_name"); rn=$(ptu "$ref_name")
    echo
    echo "## $big_name against $ref_name, scaled by size (issue 15: each within 2×)"
    echo
    echo "Ratios to the floor are compared as they are (both are already per unit of parsing);"
    echo "sizes and times are divided by the number of TUs first ($big_name $bn, $ref_name $rn)."
    echo "The last column is $big_name's figure over $ref_name's: at most 2 is within 2×."
    echo
    echo "| figure | $big_name | $ref_name | $big_name / $ref_name | within 2× |"
    echo "|---|---:|---:|---:|---|"
    row() { local r; r=$(ratio "$2" "$3"); echo "| $1 | $2 | $3 | $r | $(within "$r") |"; }
    cpux() { ratio "$(med "$1" sesslint 5)" "$(med "$1" floor 5)"; }
    wallx() { ratio "$(med "$1" sesslint 4)" "$(med "$1" floor 4)"; }
    rssx() { local a b; read -r a _ _ _ < <(peaks "$1" sesslint); read -r b _ _ _ < <(peaks "$1" floor); ratio "$a" "$b"; }
    row "cold -j$jobs CPU × floor" "$(cpux "$big_name")" "$(cpux "$ref_name")"
    row "cold -j$jobs wall × floor" "$(wallx "$big_name")" "$(wallx "$ref_name")"
    row "peak RSS per worker × floor" "$(rssx "$big_name")" "$(rssx "$ref_name")"
    per1k() { printf '%.3f' "$(echo "scale=6; $1 / 1048576 * 1000 / $2" | bc)"; }
    row "database after one run, MiB per 1,000 TUs" "$(per1k "$(dbcol "$big_name" one-run 1)" "$bn")" "$(per1k "$(dbcol "$ref_name" one-run 1)" "$rn")"
    growth() { echo "scale=3; ($(dbcol "$1" "$db_runs-runs" 1) - $(dbcol "$1" one-run 1)) / ($db_runs - 1)" | bc; }
    row "growth per run, MiB per 1,000 TUs" "$(per1k "$(growth "$big_name")" "$bn")" "$(per1k "$(growth "$ref_name")" "$rn")"
    # the two parts of a run's rows: its files (one per TU and included
    # header) and its findings with their steps (as many as it finds)
    pgrowth() { echo "scale=3; ($(dbcol "$1" "$db_runs-runs" "$2") - $(dbcol "$1" one-run "$2")) / ($db_runs - 1)" | bc; }
    row "growth per run: files rows, MiB per 1,000 TUs" "$(per1k "$(pgrowth "$big_name" 8)" "$bn")" "$(per1k "$(pgrowth "$ref_name" 8)" "$rn")"
    fb=$(dbcol "$big_name" one-run 4); fr=$(dbcol "$ref_name" one-run 4)
    echo "| growth per run: findings and steps rows, KiB per finding | $( [ "${fb:-0}" -gt 0 ] && printf '%.2f' "$(echo "scale=4; $(pgrowth "$big_name" 9) / 1024 / $fb" | bc)" || echo -) | $( [ "${fr:-0}" -gt 0 ] && printf '%.2f' "$(echo "scale=4; $(pgrowth "$ref_name" 9) / 1024 / $fr" | bc)" || echo -) | - | - |"
    for m in diff diff-json findings query-trend query-since query-files; do
        a=$(med "$big_name" "$m" 5); b=$(med "$ref_name" "$m" 5)
        if [ -z "$a" ] || [ -z "$b" ]; then continue; fi
        row "\`$m\` on $db_runs runs, CPU ms per 1,000 TUs" "$(ratio "$(echo "$a * 1000000" | bc)" "$bn" 1)" "$(ratio "$(echo "$b * 1000000" | bc)" "$rn" 1)"
    done
    echo
    echo "## Reproduce"
    echo
    echo '```sh'
    echo "bench/fetch.sh $ref_name $(awk -F'\t' '$4 == "mem" { printf "%s ", $1 }' "$rundir/projects.tsv")  # the reference projects"
    echo "SESSLINT=build/sesslint bench/scale.sh -j $jobs --runs $runs --db-runs $db_runs --reps $reps --ref $ref_name $(awk -F'\t' '$4 == "mem" { printf "--mem %s ", $1 }' "$rundir/projects.tsv")$big_name"
    echo '```'
    echo
    echo "The commands measured (\`bench/procmem.sh\` samples the process tree of the cold ones):"
    echo
    echo '```'
    sed "s|$work|bench/work|g; s|$repo/||g" "$rundir/commands.txt" | tr '\t' ' '
    echo '```'
} >"$out.tmp"
mv "$out.tmp" "$out"
log "wrote $out (raw: $raw)"
