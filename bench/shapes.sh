#!/usr/bin/env bash
# Cost per function whatever its shape (issue: bounded cost).  Generates
# functions of growing size in two shapes and times sesslint on each, next
# to the parse floor of the same file (sesslint with every rule removed does
# the parse and lowering but finds no acquisition to follow).  Growth about
# linear means: twice the size, about twice the time.
#   long:   N statements with N/100 handles, each acquired, used and released
#   nested: N nested ifs (if (x) if (y) ... without braces)
# For each it also counts the handles followed (those present minus those
# sesslint lists as not followed: the analysis budget ran out) and checks,
# on the same file with the last handle's release deleted, that its leak is
# found.  Writes bench/shapes-results.md with the commit measured.  With a
# REFERENCE binary (an earlier build), its analysis time on the same files
# is measured in the same run and the ratio given.
# Usage: [REF_LABEL=TEXT] bench/shapes.sh [SESSLINT [REFERENCE]]  (REF_LABEL names
# the reference in the results, e.g. its commit; default: its path)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sesslint=${1:-$here/../build/sesslint}
ref=${2:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'library: none\nresources:\n  none.thing:\n    acquire: [no_such_function_acquires]\n    release: [no_such_function_releases]\n' > "$work/none.yaml"

gen_long() { # $1 statements [$2: leave out the release of handle $2]
  local n=$1 h=$(( $1 / 100 )) out=$work/long_$1${2:+_leak}.c
  {
    echo '#include <stdio.h>'
    echo 'int work(const char **p, int k) {'
    echo '  int acc = 0;'
    for ((i = 0; i < h; i++)); do echo "  FILE *f$i = fopen(p[$i], \"r\");"; done
    for ((i = 0; i < n; i++)); do
      j=$(( i % h ))
      echo "  if (f$j && acc == $i) acc += fgetc(f$j);"
    done
    for ((i = 0; i < h; i++)); do
      [[ "$i" == "${2:-}" ]] || echo "  if (f$i) fclose(f$i);"
    done
    echo '  return acc + k;'
    echo '}'
  } > "$out"
}

gen_nested() { # $1 depth [$2: leave out the release]
  local n=$1 out=$work/nested_$1${2:+_leak}.c
  {
    echo '#include <stdio.h>'
    echo 'int deep(const char *p, int x, int y) {'
    echo '  FILE *f = fopen(p, "r");'
    echo '  if (!f) return -1;'
    printf '  '
    for ((i = 0; i < n; i++)); do
      if (( i % 2 )); then printf 'if (y > %d) ' "$i"; else printf 'if (x > %d) ' "$i"; fi
    done
    echo 'x = fgetc(f);'
    [[ -n "${2:-}" ]] || echo '  fclose(f);'
    echo '  return x;'
    echo '}'
  } > "$out"
}

# "followed/present" for a file with $2 handles, then "yes"/"NO": whether
# the leak of the same file with a release left out ($3) is found
followed() { # $1 file $2 handles $3 leaking file
  local skipped found
  skipped=$("$sesslint" check --no-db -q -j1 --allow-partial --format json "$1" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["not_analyzed"])')
  found=$("$sesslint" check --no-db -q -j1 --allow-partial --format json "$3" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["findings"])')
  printf '%d/%d | %s' $(( $2 - skipped )) "$2" "$([[ $found == 1 ]] && echo yes || echo NO)"
}

secs() { # run a command, print its CPU seconds (user + system, workers
           # included; median of 3); a run that does not end with 0 or 1 fails
  local t=()
  for _ in 1 2 3; do
    local rc=0
    /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>"$work/err" || rc=$?
    if (( rc > 1 )); then
      echo "shapes: '$*' exited $rc: $(tail -n 3 "$work/err")" >&2
      exit 1
    fi
    t+=("$(awk '{print $1 + $2}' "$work/time")")
  done
  printf '%s\n' "${t[@]}" | sort -n | sed -n 2p
}

# analysis seconds of the reference on file $1 ("" without one); its exit
# status is not checked against --allow-partial, which it may not know
ref_analysis() {
  [[ -n "$ref" ]] || return 0
  local f s
  f=$(secs "$ref" check --no-db -q -j1 --no-builtin-rules --rules "$work/none.yaml" "$1")
  s=$(secs "$ref" check --no-db -q -j1 "$1")
  echo "$s - $f" | bc -l
}

# " | REF (s) | ratio" cells for analysis $1 against the reference's $2
ref_cells() {
  [[ -n "$ref" ]] || return 0
  printf ' | %.3f | %s' "$2" "$(echo "$2" | awk -v a="$1" '{ if ($1 > 0) printf "%.2f", a / $1; else print "-" }')"
}

commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)
[[ -z "$(git -C "$here/.." status --porcelain -- analyzer 2>/dev/null)" ]] || commit="$commit+dirty"
out="$here/shapes-results.md"
{
  echo "# Cost per function shape"
  echo
  echo "Measured $(date -u +%Y-%m-%d) at commit $commit ($("$sesslint" --version | head -n 1)) on"
  echo "$(nproc) CPUs by \`bench/shapes.sh\`; CPU seconds (user + system, worker processes"
  echo "included), medians of 3 runs."
  echo "\"floor\" is the same run with no rules (parse and lowering only); \"analysis\""
  echo "is the difference.  Twice the size should cost about twice the analysis."
  echo "\"followed\" is handles followed / handles present (the rest ran out of the"
  echo "function's analysis budget and are listed as not followed); \"leak found\" says"
  echo "whether deleting the last handle's release gives its finding."
  if [[ -n "$ref" ]]; then
    echo "\"reference\" is the analysis time of $("$ref" --version | head -n 1) (${REF_LABEL:-$ref}) on the same"
    echo "files in the same run; \"ratio\" is this build's analysis over it."
  fi
  echo
  echo "| shape | size | floor (s) | sesslint (s) | analysis (s) | analysis per 1000 | followed | leak found${ref:+ | reference (s) | ratio} |"
  echo "|---|---|---|---|---|---|---|---|${ref:+---|---|}"
  for n in 2500 5000 10000 20000; do
    h=$((n / 100))
    gen_long "$n"
    gen_long "$n" $((h - 1))
    f=$(secs "$sesslint" check --no-db -q -j1 --no-builtin-rules --rules "$work/none.yaml" "$work/long_$n.c")
    s=$(secs "$sesslint" check --no-db -q -j1 --allow-partial "$work/long_$n.c")
    a=$(echo "$s - $f" | bc -l)
    printf '| long, %d handles | %d statements | %.3f | %.3f | %.3f | %.4f | %s%s |\n' "$h" "$n" "$f" "$s" "$a" "$(echo "$a * 1000 / $n" | bc -l)" \
      "$(followed "$work/long_$n.c" "$h" "$work/long_${n}_leak.c")" "$(ref_cells "$a" "$(ref_analysis "$work/long_$n.c")")"
  done
  for n in 500 1000 2000 4000; do
    gen_nested "$n"
    gen_nested "$n" leak
    f=$(secs "$sesslint" check --no-db -q -j1 --no-builtin-rules --rules "$work/none.yaml" "$work/nested_$n.c")
    s=$(secs "$sesslint" check --no-db -q -j1 --allow-partial "$work/nested_$n.c")
    a=$(echo "$s - $f" | bc -l)
    printf '| nested ifs | %d deep | %.3f | %.3f | %.3f | %.4f | %s%s |\n' "$n" "$f" "$s" "$a" "$(echo "$a * 1000 / $n" | bc -l)" \
      "$(followed "$work/nested_$n.c" 1 "$work/nested_${n}_leak.c")" "$(ref_cells "$a" "$(ref_analysis "$work/nested_$n.c")")"
  done
} > "$out"
cat "$out"
