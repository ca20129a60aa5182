#!/usr/bin/env bash
# Fuzz sesslint's three input surfaces with libFuzzer, each for a bounded time.
#
#   bench/fuzz.sh [--seconds N] [--jobs N] [--timeout N] [--no-build] [HARNESS...]
#
# HARNESS is rules, frontend or db (default: all three, one after another).
#   rules     YAML rule files    -> sl_rules_load_buffer      seeds: rules/*.yaml
#   frontend  C source           -> parse, summarize, analyze seeds: corpus/**/*.c
#   db        a database file    -> sl_store_open and reads   seeds: databases made
#                                                             here by sesslint check
# Builds the harnesses into build-fuzz/ (clang, ASan+UBSan, libFuzzer; see
# tests/fuzz/CMakeLists.txt), then runs each for --seconds (default 200) in
# libFuzzer's fork mode with --jobs fuzzing processes (default 1), crashes,
# leaks, timeouts and out-of-memory ignored, so that one known crash does
# not end the campaign: every failing input is kept as an artifact and the
# run goes on.  Everything goes under bench/work/fuzz/HARNESS/ (git-ignored):
#   corpus/     what libFuzzer learned; kept, so later runs go on from it
#   seeds/      the seed inputs, rebuilt on every run
#   artifacts/  crash-*, leak-*, timeout-*, oom-* inputs
#   minimized/  the first input of each distinct failure, minimized
#               (-minimize_crash=1, 60 s)
#   run-DATE.log, minimize-DATE.log
# For each harness it prints the executions reached (libFuzzer's sum of its
# jobs' final stat::number_of_executed_units) and the artifacts found, and
# appends one dated line to bench/fuzz-results.md.
#
# A new artifact becomes a regression input: copy its minimized form to
# tests/fuzz/regressions/HARNESS/ (test_fuzz_regressions replays it), add
# FILE.expect beside it with what every build must give (accepted, items,
# findings...: see tests/test_fuzz_regressions.c), and reproduce it with
#   build-fuzz/tests/fuzz/fuzz_HARNESS FILE
# A fork-mode parent is mostly idle: each job takes one core, so on two cores
# run two scripts with --jobs 1, or one with --jobs 2.  --timeout (default
# 30 s) is the time one input may take before it counts as a timeout.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build-fuzz
work=$root/bench/work/fuzz
results=$root/bench/fuzz-results.md
seconds=200
timeout=30
jobs=1
do_build=1
harnesses=()

usage() {
  sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//' >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage; seconds=$2; shift 2 ;;
    --jobs) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; jobs=$2; shift 2 ;;
    --timeout) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || usage; timeout=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    rules|frontend|db) harnesses+=("$1"); shift ;;
    -h|--help) usage ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; usage ;;
  esac
done
[[ ${#harnesses[@]} -gt 0 ]] || harnesses=(rules frontend db)

if [[ $do_build -eq 1 ]]; then
  command -v clang >/dev/null || { echo "fuzz.sh: clang is needed (libFuzzer)" >&2; exit 2; }
  CC=clang cmake -S "$root" -B "$build" -DSESSLINT_FUZZ=ON -DSESSLINT_SANITIZE=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j 2 --target sesslint fuzz_rules fuzz_frontend fuzz_db >/dev/null
fi
for h in "${harnesses[@]}"; do
  [[ -x $build/tests/fuzz/fuzz_$h ]] || { echo "fuzz.sh: $build/tests/fuzz/fuzz_$h is missing" >&2; exit 2; }
done

mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
# Undefined behaviour stops a job (the harnesses default to halt_on_error=1),
# except the known, reported bugs listed in tests/fuzz/ubsan-known.supp.
export UBSAN_OPTIONS="suppressions=$root/tests/fuzz/ubsan-known.supp"

# ---- seeds ------------------------------------------------------------------

seed_rules() {
  cp "$root"/rules/*.yaml "$1"/
}

seed_frontend() {
  local f
  (cd "$root" && find corpus -name '*.c' | sort) | while read -r f; do
    cp "$root/$f" "$1/${f//\//_}"
  done
}

# Databases as sesslint check writes them: one run, several runs with a
# triage decision, interprocedural summaries.  Exit 1 (findings) is expected.
seed_db() {
  local dir=$1 sl=$build/sesslint rc
  run_check() {
    local db=$1; shift
    (cd "$root" && "$sl" check -q -j1 --db "$db" "$@" >/dev/null 2>&1) && rc=0 || rc=$?
    if [[ $rc -gt 1 ]]; then
      echo "fuzz.sh: sesslint check --db $db $* exited $rc" >&2
      exit 1
    fi
  }
  run_check "$dir/libcurl.db" corpus/libcurl
  run_check "$dir/interproc.db" corpus/interproc
  run_check "$dir/several.db" corpus/openssl
  run_check "$dir/several.db" corpus/sqlite3 corpus/libpq
  run_check "$dir/several.db" corpus/openssl
  local fp
  fp=$(cd "$root" && "$sl" query --db "$dir/several.db" --format csv \
         "SELECT fingerprint FROM findings LIMIT 1" 2>/dev/null | sed -n 2p | tr -d "\r\"")
  if [[ -n $fp ]]; then
    "$sl" triage "$fp" --status intentional --reason "fuzz seed" --db "$dir/several.db" >/dev/null 2>&1
  fi
  rm -f "$dir"/*.db-wal "$dir"/*.db-shm
}

max_len_of() {
  case $1 in
    rules|frontend) echo 65536 ;;
    db) echo 1048576 ;;
  esac
}

# ---- one harness ------------------------------------------------------------

commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n $(git -C "$root" status --porcelain --untracked-files=no -- . ':!bench/fuzz-results.md' 2>/dev/null) ]]; then
  commit="$commit (modified)"
fi

if [[ ! -f $results ]]; then
  cat >"$results" <<'EOF'
# Fuzzing results

`bench/fuzz.sh` runs three libFuzzer harnesses (tests/fuzz/) on an
ASan+UBSan build, each for a bounded time:

- **rules**: the bytes are a YAML rule file (`sl_rules_load_buffer`, lookups,
  then the shipped rules merged on top); seeds: `rules/*.yaml`.
- **frontend**: the bytes are C source, parsed by libclang through
  `sl_frontend_parse` and run through `sl_summarize_tu` and `sl_analyze_tu`
  with the shipped rules; seeds: `corpus/**/*.c`.
- **db**: the bytes are a database file, opened read-only and read-write with
  `sl_store_open`, then runs, findings, TUs, triage and summaries are read;
  seeds: databases written by `sesslint check` at run time.

Reproduce a run: `bench/fuzz.sh --seconds 620` (or name harnesses:
`bench/fuzz.sh --seconds 620 frontend`); a reported input replays with
`build-fuzz/tests/fuzz/fuzz_HARNESS FILE`.  Executions are libFuzzer's sum of
its jobs' `stat::number_of_executed_units`.  Every crash, leak or timeout
found is kept as a minimized input under `tests/fuzz/regressions/HARNESS/`,
replayed by the `test_fuzz_regressions` suite in every build.

| date (UTC) | harness | seconds | executions | crashes, leaks, timeouts | commit |
| --- | --- | ---: | ---: | --- | --- |
EOF
fi

run_one() {
  local h=$1 dir=$work/$1 bin=$build/tests/fuzz/fuzz_$1
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/minimized"
  rm -rf "$dir/seeds"
  mkdir -p "$dir/seeds"
  "seed_$h" "$dir/seeds"
  local stamp log
  stamp=$(date -u +%Y%m%d-%H%M%S)
  log=$dir/run-$stamp.log
  touch "$dir/.start-$stamp"
  echo "fuzz.sh: $h for ${seconds}s, $jobs job(s) ($(ls "$dir/seeds" | wc -l) seeds, $(ls "$dir/corpus" | wc -l) in corpus; log $log)" >&2
  local rc=0
  (cd "$dir" && "$bin" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
      -max_total_time="$seconds" -max_len="$(max_len_of "$h")" -timeout="$timeout" \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
      "$dir/corpus" "$dir/seeds" </dev/null >"$log" 2>&1) || rc=$?
  # The fork-mode parent prints "#RUNS: cov: ..." after each job, RUNS being
  # the sum of the jobs' final stat::number_of_executed_units.
  local execs
  execs=$(grep -aE '^#[0-9]+: cov:' "$log" | tail -n 1 | sed -E 's/^#([0-9]+):.*/\1/')
  [[ -n $execs ]] || execs=0
  local found=()
  local a
  while IFS= read -r a; do
    [[ -n $a ]] && found+=("$a")
  done < <(find "$dir/artifacts" -maxdepth 1 -type f -newer "$dir/.start-$stamp" \
             \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  rm -f "$dir/.start-$stamp"
  # One line per distinct failure (the sanitizer's or libFuzzer's SUMMARY
  # line when the input is replayed); the first input of each is minimized.
  local verdict="none" sig
  local -A seen=()
  if [[ ${#found[@]} -gt 0 ]]; then
    verdict="${#found[@]} input(s):"
    for a in "${found[@]}"; do
      sig=$(cd "$dir" && "$bin" -timeout="$timeout" -rss_limit_mb=4096 "$a" </dev/null 2>&1 |
              grep -a -m 1 '^SUMMARY:' | sed "s|^SUMMARY: ||; s|$root/||g") || true
      [[ -n $sig ]] || sig="$(basename "$a") (does not reproduce alone)"
      [[ -z ${seen[$sig]:-} ]] || continue
      seen[$sig]=1
      verdict+=" [$sig: $(basename "$a")]"
      (cd "$dir" && "$bin" -minimize_crash=1 -max_total_time=60 -timeout="$timeout" \
          -rss_limit_mb=4096 -exact_artifact_path="$dir/minimized/$(basename "$a")" "$a" \
          </dev/null >>"$dir/minimize-$stamp.log" 2>&1) || true
    done
  fi
  if [[ $rc -ne 0 ]]; then
    verdict+=" (libFuzzer exited $rc, see $log)"
  fi
  printf '%-9s %12s executions in %ss; crashes/leaks/timeouts: %s\n' "$h" "$execs" "$seconds" "$verdict"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$(date -u '+%Y-%m-%d %H:%M')" "$h" "$seconds" \
    "$execs" "$verdict" "$commit" >>"$results"
}

for h in "${harnesses[@]}"; do
  run_one "$h"
done
