#!/usr/bin/env bash
# Benchmark sesslint against the libclang parse floor and the peers, on every
# project bench/fetch.sh prepared (bench/work/db/<project>/compile_commands.json),
# and write bench/results.md.
#
#   bench/run.sh [options] [PROJECT...]
#     --runs N         repetitions of each own measure; the median is kept (3)
#     --peer-runs N    repetitions of each peer (1: they take minutes)
#     --no-peers       skip clang-tidy, gcc -fanalyzer and cppcheck
#     -j N             the parallel figures use N workers (default: nproc)
#     --no-profile     skip the perf profile of sesslint -j1 (taken when perf works)
#     -o FILE          where to write the report (bench/results.md)
#     --report RUNDIR  only write the report again from a finished run's
#                      directory (bench/work/runs/STAMP), measuring nothing
#   SESSLINT=path      binary under test (default: build/sesslint of this repo)
#
# Every measure runs on the same translation units: the entries of the
# project's compile_commands.json, one per file, as bench/work/floor lists them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
work=${BENCH_WORK:-$here/work}
SESSLINT=${SESSLINT:-$repo/build/sesslint}
runs=3
peer_runs=1
peers=1
profile=1
jobs=$(nproc 2>/dev/null || echo 2)
out=$here/results.md
projects=()
report_from=''

die() { printf 'run: error: %s\n' "$*" >&2; exit 2; }
log() { printf 'run: %s\n' "$*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=${2:?}; shift 2 ;;
    --peer-runs) peer_runs=${2:?}; shift 2 ;;
    --no-peers) peers=0; shift ;;
    --no-profile) profile=0; shift ;;
    -j) jobs=${2:?}; shift 2 ;;
    -j*) jobs=${1#-j}; shift ;;
    -o) out=${2:?}; shift 2 ;;
    --report) report_from=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) projects+=("$1"); shift ;;
    esac
done
case $runs$peer_runs$jobs in *[!0-9]*) die "--runs, --peer-runs and -j take numbers" ;; esac
if [ -z "$report_from" ]; then
    [ -x "$SESSLINT" ] || die "no sesslint binary at $SESSLINT (build it, or set SESSLINT=path)"
    SESSLINT=$(cd "$(dirname "$SESSLINT")" && pwd)/$(basename "$SESSLINT")
fi
command -v jq >/dev/null || die "jq is needed"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is needed"

if [ "${#projects[@]}" -eq 0 ]; then
    for d in "$work"/db/*/; do
        [ -s "$d/compile_commands.json" ] && projects+=("$(basename "$d")")
    done
fi
[ "${#projects[@]}" -gt 0 ] || die "no project under $work/db: run bench/fetch.sh first"

# Everything a measuring run needs: the floor built, the tools found, the
# run directory made.
setup() {
    # The floor must use the libclang the binary under test uses.
    libclang=$(ldd "$SESSLINT" | grep -o '/[^ ]*libclang[^ ]*' | head -n1 || true)
    llvm_dir=''
    if [ -n "$libclang" ]; then
        for d in "$(dirname "$(dirname "$libclang")")" /usr/lib/llvm-*; do
            if [ -e "$d/lib/$(basename "$libclang")" ] && [ -f "$d/include/clang-c/Index.h" ]; then
                llvm_dir=$d
                break
            fi
        done
    fi
    [ -n "$llvm_dir" ] || die "cannot tell which libclang $SESSLINT uses (ldd: ${libclang:-none})"
    floor=$work/floor-$(basename "$llvm_dir")
    make -s -C "$here" OUT="$floor" LLVM_DIR="$llvm_dir" >&2

    # The compiler and clang-tidy of that LLVM when it ships them, else the defaults.
    pick() { if [ -x "$llvm_dir/bin/$1" ]; then echo "$llvm_dir/bin/$1"; else command -v "$1" || true; fi; }
    clang_bin=$(pick clang)
    tidy_bin=$(pick clang-tidy)
    # GCC hardening flags an older clang rejects (openssh uses them): clang 14
    # knows no -fzero-call-used-regs and wants an extra flag for
    # -ftrivial-auto-var-init=zero. Left out of the arguments for clang and
    # clang-tidy older than 16; libclang 16+ accepts them.
    clang_drops=()
    if [ -n "$clang_bin" ]; then
        major=$("$clang_bin" --version | grep -o 'version [0-9]*' | head -n1 | cut -d' ' -f2)
        if [ "${major:-0}" -lt 16 ]; then
            clang_drops=(--drop -fzero-call-used-regs --drop -ftrivial-auto-var-init)
        fi
    fi
    gcc_bin=$(command -v gcc || true)
    cppcheck_bin=$(command -v cppcheck || true)

    # What the binary under test offers.
    help=$("$SESSLINT" help check 2>&1 || true)
    has() { grep -q -- "$1" <<<"$help"; }
    sl_base=(check --format json -q)
    has_nodb=0; has '--no-db' && has_nodb=1
    has_j=0; has '--jobs' && has_j=1
    has_cache=0; has '--no-cache' && has '--db' && has_cache=1
    has_pch=0; has '--no-pch' && has_pch=1

    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    rundir=$work/runs/$stamp
    mkdir -p "$rundir" "$work/findings"
    raw=$rundir/raw.tsv       # project measure iteration wall cpu rss_kib rc note others%
    : >"$raw"
    cmds=$rundir/commands.txt # every command, once per measure
    : >"$cmds"
    touched_file=''
    touched_backup=''
    restore_touch() {
        if [ -n "$touched_backup" ] && [ -f "$touched_backup" ]; then
            cp -p "$touched_backup" "$touched_file"
            rm -f "$touched_backup"
        fi
        touched_backup=''
    }
    trap restore_touch EXIT
}

# The arguments as one shell line, single-quoting those that need it.
shell_words() {
    local a line=''
    for a in "$@"; do
        if [[ $a =~ ^[A-Za-z0-9_./=:,+@%{}-]+$ ]]; then
            line+=" $a"
        else
            line+=" '${a//\'/\'\\\'\'}'"
        fi
    done
    printf '%s' "${line# }"
}

# measure PROJECT NAME ITER CMD...: time CMD, append a raw row.
measure() {
    local project=$1 name=$2 iter=$3
    shift 3
    local tf=$rundir/$project.$name.$iter.time rc=0
    if [ "$iter" = 1 ]; then
        printf '%s\t%s\t%s\n' "$project" "$name" "$(shell_words "$@")" >>"$cmds"
    fi
    log "$project: $name #$iter"
    local busy0 busy1
    busy0=$(busy_seconds)
    /usr/bin/time -f '%e %U %S %M' -o "$tf" "$@" \
        >"$rundir/$project.$name.$iter.out" 2>"$rundir/$project.$name.$iter.err" || rc=$?
    busy1=$(busy_seconds)
    local wall user sys rss note='' others
    read -r wall user sys rss < <(tail -n1 "$tf")
    # CPU the rest of the machine used meanwhile, as a share of all CPUs.
    others=$(echo "scale=4; o = ($busy1 - $busy0) - ($user + $sys); if (o < 0) o = 0;
                   if ($wall > 0) o * 100 / ($wall * $ncpu) else 0" | bc)
    others=$(printf '%.0f' "$others")
    # What the tool said about the TUs: floor's counters, sesslint's summary.
    local fl
    fl=$(grep -o 'mode=.*' "$rundir/$project.$name.$iter.out" | tail -n1 || true)
    if [[ $fl == mode=parse* ]]; then
        note="$(kv errors "$fl") error diagnostics, $(kv failed "$fl") TUs failed"
    elif [[ $fl == mode=exec* ]]; then
        note="$(kv errors "$fl") TUs exited non-zero, $(kv failed "$fl") could not run"
    elif [ "$1" != "" ] && [ "$(basename "$1")" = "$(basename "$SESSLINT")" ]; then
        local o=''
        while [ $# -gt 0 ]; do
            [ "$1" = -o ] && o=$2
            shift
        done
        if [ -n "$o" ] && [ -s "$o" ]; then
            note=$(jq -r '"\(.summary.translation_units) TUs, \(.summary.parse_errors) with parse errors, \(.summary.failed) failed, \(.summary.findings) findings"' "$o")
        fi
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$project" "$name" "$iter" "$wall" \
        "$(printf '%.2f' "$(echo "$user + $sys" | bc)")" "$rss" "$rc" "$note" "$others" >>"$raw"
}

# Seconds of CPU time all CPUs have spent busy since boot (/proc/stat).
ncpu=$(nproc 2>/dev/null || echo 1)
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
busy_seconds() {
    awk -v hz="$hz" '$1 == "cpu" { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}

# kv KEY "k=v k=v...": the value of KEY.
kv() { grep -o "\b$1=[^ ]*" <<<"$2" | cut -d= -f2; }

# median PROJECT NAME COLUMN(4 wall, 5 cpu, 6 rss): median over the iterations.
median() {
    awk -F'\t' -v p="$1" -v n="$2" -v c="$3" '$1 == p && $2 == n { print $c }' "$raw" |
        sort -g | awk '{ v[NR] = $1 } END {
            if (NR == 0) { print ""; exit }
            if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# worst exit status of a measure
worst_rc() {
    awk -F'\t' -v p="$1" -v n="$2" '$1 == p && $2 == n && $7 > m { m = $7 } END { print m + 0 }' "$raw"
}

sesslint_cmd() { # DBDIR JOBS OUTPUT [extra...]
    local db=$1 j=$2 o=$3
    shift 3
    local c=("$SESSLINT" "${sl_base[@]}" -p "$db" -o "$o")
    [ "$has_j" = 1 ] && c+=(-j "$j")
    # Cold runs store nothing; the cache runs name their database.
    if [ $# -eq 0 ] && [ "$has_nodb" = 1 ]; then
        c+=(--no-db)
    fi
    c+=("$@")
    printf '%s\0' "${c[@]}"
}

# profile_project PROJECT CMD...: one sesslint run under perf; writes
# $rundir/PROJECT.profile.md (self time by library, inclusive time of the
# entry points of each phase). Skipped when perf cannot sample here.
profile_project() {
    local p=$1
    shift
    command -v perf >/dev/null || return 0
    local data=$rundir/$p.perf.data md=$rundir/$p.profile.md
    log "$p: perf record (sesslint -j1)"
    if ! perf record -q -F 200 --call-graph dwarf,65528 -o "$data" -- "$@" \
        >"$rundir/$p.perf.out" 2>"$rundir/$p.perf.err"; then
        # sesslint exits 1 when it has findings; only a missing data file is fatal
        [ -s "$data" ] || { log "$p: perf record failed, no profile"; return 0; }
    fi
    {
        echo "Self time by library (sesslint -j1 under \`perf record -F 200 --call-graph dwarf\`):"
        echo
        echo "| library | self % |"
        echo "|---|---:|"
        perf report -i "$data" --stdio -g none --percent-limit 0.5 --sort dso 2>/dev/null |
            awk '/^ +[0-9.]+%/ && $2 + 0 >= 0.5 { print $2, $3 }' | sort -k1,1gr |
            awk '{ printf "| %s | %s |\n", $2, $1 }'
        echo
        echo "libclang and libLLVM self time is parsing plus the cursor queries of the lowering;"
        echo "sesslint's own self time, with most of libc's (memcmp, realloc, printf called from"
        echo "it), is lowering, summaries and analysis; the kernel's is process start, page faults"
        echo "and file reads. Inclusive time of sesslint's phases (children included; stacks"
        echo "deeper than perf's 64 KiB copy, as in the parser's recursion, are cut and show"
        echo "under no caller, so the parse is best read from the library split above):"
        echo
        echo "| function | inclusive % | self % |"
        echo "|---|---:|---:|"
        perf report -i "$data" --children --stdio -g none --percent-limit 0.5 --sort symbol 2>/dev/null |
            awk '/^ +[0-9.]+%/ && ($4 ~ /^sl_/ || $4 ~ /^clang_(parseTranslationUnit|visitChildren|disposeTranslationUnit)/ ||
                                    $4 ~ /^sqlite3_step$/) { printf "| %s | %s | %s |\n", $4, $1, $2 }' |
            head -n 25
    } >"$md"
    rm -f "$data"
}

run_project() {
    local p=$1 db=$work/db/$1
    local srcdir=''
    [ -f "$work/src/.$p.dir" ] && srcdir=$work/src/$(cat "$work/src/.$p.dir")
    mapfile -t tus < <("$floor" --list "$db")
    [ "${#tus[@]}" -gt 0 ] || die "$p: no translation unit in $db"
    local lines
    lines=$(cat "${tus[@]}" | wc -l)
    printf '%s\t%s\t%s\t%s\n' "$p" "${#tus[@]}" "$lines" "$srcdir" >>"$rundir/projects.tsv"

    # The TU touched for the warm-after-edit figure: the largest main file.
    local big
    big=$(wc -c "${tus[@]}" | sort -n | grep -v ' total$' | tail -n1 | awk '{ print $2 }')
    local slj1 sljn slcache
    mapfile -d '' -t slj1 < <(sesslint_cmd "$db" 1 "$rundir/$p.sesslint.json")
    mapfile -d '' -t sljn < <(sesslint_cmd "$db" "$jobs" "$rundir/$p.sesslint-jN.json")

    local i
    for ((i = 1; i <= runs; i++)); do
        measure "$p" floor-j1 "$i" "$floor" -j 1 "$db"
        if [ "$jobs" -gt 1 ]; then
            measure "$p" "floor-j$jobs" "$i" "$floor" -j "$jobs" "$db"
        fi
        measure "$p" sesslint-j1 "$i" "${slj1[@]}"
        if [ "$has_pch" = 1 ]; then
            # the same run parsing every TU whole: sesslint's own cost above
            # the floor, without the shared precompiled headers
            measure "$p" sesslint-j1-no-pch "$i" "${slj1[@]}" --no-pch
        fi
        if [ "$has_j" = 1 ] && [ "$jobs" -gt 1 ]; then
            measure "$p" "sesslint-j$jobs" "$i" "${sljn[@]}"
        fi
        if [ -n "$clang_bin" ]; then
            measure "$p" clang-fsyntax-only-j1 "$i" "$floor" -j 1 --exec "${clang_drops[@]}" "$db" -- \
                "$clang_bin" -fsyntax-only -w '{args}' '{file}'
        fi
        if [ "$has_cache" = 1 ]; then
            local cdb=$rundir/$p.cache.db
            rm -f "$cdb" "$cdb-wal" "$cdb-shm"
            mapfile -d '' -t slcache < <(sesslint_cmd "$db" "$jobs" "$rundir/$p.cache.json" --db "$cdb")
            measure "$p" "sesslint-j$jobs-cold-db" "$i" "${slcache[@]}"
            measure "$p" "sesslint-j$jobs-warm" "$i" "${slcache[@]}"
            touched_file=$big
            touched_backup=$rundir/touched.bak
            cp -p "$big" "$touched_backup"
            printf '\n/* sesslint bench: touched %s */\n' "$stamp" >>"$big"
            measure "$p" "sesslint-j$jobs-touched" "$i" "${slcache[@]}"
            restore_touch
            measure "$p" floor-touched-tu "$i" "$floor" -j 1 "$db" "$big"
        fi
    done
    if [ "$peers" = 1 ]; then
        for ((i = 1; i <= peer_runs; i++)); do
            if [ -n "$tidy_bin" ]; then
                measure "$p" "clang-tidy-analyzer-j$jobs" "$i" "$floor" -j "$jobs" --exec "${clang_drops[@]}" "$db" -- \
                    "$tidy_bin" --quiet '-checks=-*,clang-analyzer-*' '{file}' -- '{args}'
            fi
            if [ -n "$gcc_bin" ]; then
                measure "$p" "gcc-fanalyzer-j$jobs" "$i" "$floor" -j "$jobs" --exec "$db" -- \
                    "$gcc_bin" -fanalyzer -w -c -o /dev/null '{args}' '{file}'
            fi
            if [ -n "$cppcheck_bin" ]; then
                measure "$p" "cppcheck-j$jobs" "$i" "$floor" -j "$jobs" --exec "$db" -- \
                    "$cppcheck_bin" --quiet --enable=warning '{cppflags}' '{file}'
            fi
        done
    fi
    if [ "$profile" = 1 ]; then
        profile_project "$p" "${slj1[@]}" || log "$p: profile failed (skipped)"
    fi
}

ver() { "$@" 2>/dev/null | head -n1 || true; }

# Measure every project, then record what the report needs about this run
# in $rundir/meta.env (so that --report can write it again later).
measure_all() {
    : >"$rundir/projects.tsv"
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    date_start=$(date -u '+%Y-%m-%d %H:%M UTC')
    local p
    for p in "${projects[@]}"; do
        [ -s "$work/db/$p/compile_commands.json" ] || die "$p: no $work/db/$p/compile_commands.json"
        run_project "$p"
    done
    load_end=$(cut -d' ' -f1-3 /proc/loadavg)
    local sl_src
    sl_src=$(cd "$(dirname "$SESSLINT")/.." && pwd)
    sl_commit=$(git -C "$sl_src" rev-parse --short HEAD 2>/dev/null || cat "$sl_src/.commit" 2>/dev/null || echo unknown)
    if git -C "$sl_src" rev-parse 2>/dev/null && [ -n "$(git -C "$sl_src" status --porcelain -- analyzer reports rules 2>/dev/null)" ]; then
        sl_commit="$sl_commit (with uncommitted changes)"
    fi
    machine="$(nproc) online ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')), RAM $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
    floor_version="$("$floor" --version) ($llvm_dir)"
    clang_version=$(ver "$clang_bin" --version)
    tidy_version="$(ver "$tidy_bin" --version | sed 's/^ *//')$( "$tidy_bin" --version 2>/dev/null | grep -m1 -o 'LLVM version [0-9.]*' | sed 's/^/, /' || true)"
    gcc_version=$(ver "$gcc_bin" --version)
    cppcheck_version=$(ver "$cppcheck_bin" --version)
    declare -p date_start load_start load_end runs peer_runs peers jobs SESSLINT sl_commit has_j \
        has_cache has_pch machine floor_version clang_bin clang_version tidy_version gcc_version \
        cppcheck_version >"$rundir/meta.env"
}

# Findings of the -j1 run into bench/work/findings/: the whole report, and
# one file per top-level source directory (curl: lib/ and src/).
split_findings() {
    local p=$1 srcdir=$2 all=$work/findings/$1.json top
    mkdir -p "$work/findings"
    rm -f "$work/findings/$p".json "$work/findings/$p"-*.json
    [ -s "$rundir/$p.sesslint.json" ] || return 0
    cp "$rundir/$p.sesslint.json" "$all"
    [ -n "$srcdir" ] || return 0
    for top in $(jq -r --arg s "$srcdir/" '.root as $r | .findings[]
            | (if (.file | startswith("/")) then .file else $r + "/" + .file end)
            | ltrimstr($s) | select(contains("/")) | split("/")[0]' "$all" | sort -u); do
        jq --arg s "$srcdir/$top/" '.root as $r | .findings |= map(select(
                (if (.file | startswith("/")) then .file else $r + "/" + .file end)
                | startswith($s)))' "$all" >"$work/findings/$p-$top.json"
    done
}

if [ -n "$report_from" ]; then
    rundir=$(cd "$report_from" && pwd)
    [ -s "$rundir/meta.env" ] || die "$rundir: no meta.env (not a finished run directory)"
    # shellcheck source=/dev/null
    . "$rundir/meta.env"
    raw=$rundir/raw.tsv
    cmds=$rundir/commands.txt
else
    setup
    measure_all
fi
while IFS=$'\t' read -r p _ _ srcdir; do
    split_findings "$p" "$srcdir"
done <"$rundir/projects.tsv"

# ---- report ---------------------------------------------------------------
fmt_ratio() { # A B -> A/B with 2 decimals, or -
    if [ -n "$1" ] && [ -n "$2" ] && [ "$(echo "$2 > 0" | bc)" = 1 ]; then
        printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"
    else
        printf -- '-'
    fi
}
mib() { [ -n "$1" ] && printf '%.0f' "$(echo "scale=2; $1 / 1024" | bc)" || printf -- '-'; }
verdict() { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo "**not met**"; fi; }

{
    echo "# sesslint benchmark results"
    echo
    echo "Written by \`bench/run.sh\` on $date_start. Medians of $runs runs for sesslint, the floor"
    echo "and \`clang -fsyntax-only\`; peers: $( [ "$peers" = 1 ] && echo "median of $peer_runs run(s)" || echo "not run (--no-peers)")."
    echo
    echo "## Machine"
    echo
    echo "- CPUs: $machine"
    echo "- load average (1/5/15 min) at start: $load_start; at end: $load_end"
    others=$(awk -F'\t' '{ print $9 }' "$raw" | sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)], v[NR]; else print "0 0" }')
    echo "- CPU used by other processes while measuring (share of all CPUs, from /proc/stat minus"
    echo "  the measured command's own): median $(cut -d' ' -f1 <<<"$others")%, worst $(cut -d' ' -f2 <<<"$others")% (column \"others\" below)"
    echo "- libclang (floor and sesslint): $floor_version"
    echo "- sesslint: \`$SESSLINT\`, source commit $sl_commit; -j: $( [ "$has_j" = 1 ] && echo yes || echo no); incremental cache: $( [ "$has_cache" = 1 ] && echo yes || echo "no (warm and touched figures not measured)")"
    echo "- clang for -fsyntax-only: \`$clang_bin\`: $clang_version"
    if [ "$peers" = 1 ]; then
        echo "- clang-tidy: $tidy_version"
        echo "- gcc: $gcc_version; cppcheck: $cppcheck_version"
    fi
    if [ "$(echo "$(cut -d' ' -f1 <<<"$others") > 10" | bc)" = 1 ]; then
        echo
        echo "**The machine was busy during this run**: other processes took CPU time, so wall times"
        echo "are inflated and uneven and parallel speed-ups understated (compare the floor's own -j$jobs"
        echo "speed-up below); CPU-time ratios are the more trustworthy comparison."
    fi
    echo
    echo "Wall time is elapsed seconds; CPU is user+system seconds of the process and its"
    echo "children; peak RSS is the largest single process (one worker with -j > 1). Ratios are"
    echo "to the floor measured in this same run at the same number of workers (\`× floor\`)."
    while IFS=$'\t' read -r p ntu nlines srcdir; do
        echo
        echo "## $p"
        echo
        echo "$ntu translation units, $nlines lines in their main files$( [ -n "$srcdir" ] && echo " (\`$(basename "$srcdir")\`, Debian source package)")."
        echo
        echo "| measure | workers | wall s | × floor | CPU s | CPU × floor | peak RSS MiB | RSS × floor | others % | exit | notes (first run) |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        while read -r name; do
            w=$(median "$p" "$name" 4); cpu=$(median "$p" "$name" 5); rss=$(median "$p" "$name" 6)
            n=1
            case $name in *-j"$jobs"|*-j"$jobs"-*) n=$jobs ;; esac
            case $name in floor-touched-tu) n=1 ;; esac
            fw=$(median "$p" "floor-j$n" 4); fc=$(median "$p" "floor-j$n" 5); fr=$(median "$p" "floor-j$n" 6)
            echo "| $name | $n | $w | $(fmt_ratio "$w" "$fw") | $cpu | $(fmt_ratio "$cpu" "$fc") | $(mib "$rss") | $(fmt_ratio "$rss" "$fr") | $(median "$p" "$name" 9) | $(worst_rc "$p" "$name") | $(awk -F'\t' -v p="$p" -v n="$name" '$1 == p && $2 == n && $3 == 1 { print $8 }' "$raw") |"
        done < <(awk -F'\t' -v p="$p" '$1 == p && !seen[$2]++ { print $2 }' "$raw")
        echo
        echo "Targets (issue 7):"
        echo
        fw1=$(median "$p" floor-j1 4); fr1=$(median "$p" floor-j1 6); frn=$(median "$p" "floor-j$jobs" 6)
        s1=$(median "$p" sesslint-j1 4); r1=$(median "$p" sesslint-j1 6)
        x=$(fmt_ratio "$s1" "$fw1")
        if [ "${has_pch:-0}" = 1 ]; then
            # the verdict rests on the shared precompiled headers: say so,
            # and give the ratio with every TU parsed whole beside it
            echo "- sesslint cold -j1 at most 1.3× the floor: ${x}× wall ($(fmt_ratio "$(median "$p" sesslint-j1 5)" "$(median "$p" floor-j1 5)")× CPU) — $(verdict "$x <= 1.3") with shared precompiled headers;"
            echo "  every TU parsed whole (\`--no-pch\`, as the floor parses them): $(fmt_ratio "$(median "$p" sesslint-j1-no-pch 4)" "$fw1")× wall,"
            echo "  $(fmt_ratio "$(median "$p" sesslint-j1-no-pch 5)" "$(median "$p" floor-j1 5)")× CPU — $(verdict "$(fmt_ratio "$(median "$p" sesslint-j1-no-pch 4)" "$fw1") <= 1.3")"
        else
            echo "- sesslint cold -j1 at most 1.3× the floor: ${x}× wall ($(fmt_ratio "$(median "$p" sesslint-j1 5)" "$(median "$p" floor-j1 5)")× CPU) — $(verdict "$x <= 1.3")"
        fi
        if [ "$has_j" = 1 ]; then
            sn=$(median "$p" "sesslint-j$jobs" 4); rn=$(median "$p" "sesslint-j$jobs" 6)
            x=$(fmt_ratio "$s1" "$sn")
            echo "- -j$jobs at least 1.7× faster than -j1: ${x}× — $(verdict "$x >= 1.7") (the floor's own -j$jobs speed-up in this run: $(fmt_ratio "$fw1" "$(median "$p" "floor-j$jobs" 4)")×)"
            x=$(fmt_ratio "$rn" "$frn")
            echo "- peak RSS per worker at most 1.5× the floor's: ${x}× at -j$jobs, $(fmt_ratio "$r1" "$fr1")× at -j1 — $(verdict "$x <= 1.5")"
        else
            sn=$s1
            x=$(fmt_ratio "$r1" "$fr1")
            echo "- peak RSS at most 1.5× the floor's: ${x}× — $(verdict "$x <= 1.5")"
        fi
        if [ "$has_cache" = 1 ]; then
            cold=$(median "$p" "sesslint-j$jobs-cold-db" 4); warm=$(median "$p" "sesslint-j$jobs-warm" 4)
            tch=$(median "$p" "sesslint-j$jobs-touched" 4); tu=$(median "$p" floor-touched-tu 4)
            x=$(fmt_ratio "$warm" "$cold")
            echo "- warm, nothing changed, at most 10% of cold: $(printf '%.0f' "$(echo "$x * 100" | bc)")% — $(verdict "$x <= 0.10")"
            echo "- one file touched at most 10% of cold plus its TU's parse ($tu s): ${tch} s vs $(printf '%.3f' "$(echo "$cold / 10 + $tu" | bc -l)") s — $(verdict "$tch <= $cold / 10 + $tu")"
        fi
        if [ "$peers" = 1 ]; then
            ct=$(median "$p" "clang-tidy-analyzer-j$jobs" 4); cc=$(median "$p" "cppcheck-j$jobs" 4)
            snc=$(median "$p" "sesslint-j$jobs" 5)
            [ "$has_j" = 1 ] || snc=$(median "$p" sesslint-j1 5)
            if [ -n "$ct" ]; then
                x=$(fmt_ratio "$ct" "$sn")
                echo "- at least 25× faster than clang-tidy's analyzer (both at -j$jobs when sesslint has -j): ${x}× wall ($(fmt_ratio "$(median "$p" "clang-tidy-analyzer-j$jobs" 5)" "$snc")× CPU) — $(verdict "$x >= 25")"
            fi
            if [ -n "$cc" ]; then
                x=$(fmt_ratio "$cc" "$sn")
                echo "- faster than cppcheck: ${x}× wall ($(fmt_ratio "$(median "$p" "cppcheck-j$jobs" 5)" "$snc")× CPU) — $(verdict "$x > 1")"
            fi
        fi
        if [ -s "$rundir/$p.profile.md" ]; then
            echo
            echo "### Where sesslint's time goes ($p)"
            echo
            cat "$rundir/$p.profile.md"
        fi
    done <"$rundir/projects.tsv"

    echo
    echo "## Findings"
    echo
    echo "From the cold -j1 run's JSON report (unsuppressed findings per rule; saved under"
    echo "\`bench/work/findings/\`, with one file per top-level source directory)."
    echo
    rules=(leak.session leak.credential leak.connector leak.resource release.partial)
    echo "| project | $(printf '%s | ' "${rules[@]}")total | TUs with parse errors | TUs failed |"
    echo "|---|$(printf -- '---:|%.0s' "${rules[@]}")---:|---:|---:|"
    while IFS=$'\t' read -r p _ _ srcdir; do
        f=$work/findings/$p.json
        [ -s "$f" ] || continue
        row="| $p |"
        for r in "${rules[@]}"; do row+=" $(jq --arg r "$r" '.summary.by_rule[$r] // 0' "$f") |"; done
        row+=" $(jq '.summary.findings' "$f") | $(jq '.summary.parse_errors' "$f") | $(jq '.summary.failed' "$f") |"
        echo "$row"
        for sub in "$work/findings/$p"-*.json; do
            [ -s "$sub" ] || continue
            name=${sub##*/}
            name=${name%.json}
            row="| $p: ${name#"$p"-}/ |"
            for r in "${rules[@]}"; do
                row+=" $(jq --arg r "$r" '[.findings[] | select((.suppressed | not) and .rule == $r)] | length' "$sub") |"
            done
            row+=" $(jq '[.findings[] | select(.suppressed | not)] | length' "$sub") | | |"
            echo "$row"
        done
    done <"$rundir/projects.tsv"

    echo
    echo "## Reproduce"
    echo
    echo '```sh'
    plist=$(cut -f1 "$rundir/projects.tsv" | paste -sd' ')
    echo "bench/fetch.sh $plist"
    echo "SESSLINT=$SESSLINT bench/run.sh --runs $runs --peer-runs $peer_runs -j $jobs$( [ "$peers" = 1 ] || echo ' --no-peers') $plist"
    echo '```'
    echo
    echo "The commands timed (\`bench/work/floor\` is built from \`bench/floor.c\` against the same"
    echo "libclang; in \`--exec\` mode it runs the command once per TU in the TU's directory with"
    echo "\`{args}\` the compile arguments sesslint would pass, \`{cppflags}\` their -I/-D/-U):"
    echo
    echo '```'
    sed "s|$work|bench/work|g; s|$repo/||g" "$cmds" | tr '\t' ' '
    echo '```'
} >"$out.tmp"
mv "$out.tmp" "$out"
log "wrote $out (raw timings: $raw)"
