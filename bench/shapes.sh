#!/usr/bin/env bash
# Cost per function whatever its shape (issue: bounded cost).  Generates
# functions of growing size in two shapes and times sesslint on each, next
# to the parse floor of the same file (sesslint with every rule removed does
# the parse and lowering but finds no acquisition to follow).  Growth about
# linear means: twice the size, about twice the time.
#   long:   N statements with N/100 handles, each acquired, used and released
#   nested: N nested ifs (if (x) if (y) ... without braces)
# Writes bench/shapes-results.md.  Usage: bench/shapes.sh [SESSLINT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sesslint=${1:-$here/../build/sesslint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'library: none\nresources:\n  none.thing:\n    acquire: [no_such_function_acquires]\n    release: [no_such_function_releases]\n' > "$work/none.yaml"

gen_long() { # $1 statements
  local n=$1 h=$(( $1 / 100 ))
  {
    echo '#include <stdio.h>'
    echo 'int work(const char **p, int k) {'
    echo '  int acc = 0;'
    for ((i = 0; i < h; i++)); do echo "  FILE *f$i = fopen(p[$i], \"r\");"; done
    for ((i = 0; i < n; i++)); do
      j=$(( i % h ))
      echo "  if (f$j && acc == $i) acc += fgetc(f$j);"
    done
    for ((i = 0; i < h; i++)); do echo "  if (f$i) fclose(f$i);"; done
    echo '  return acc + k;'
    echo '}'
  } > "$work/long_$n.c"
}

gen_nested() { # $1 depth
  local n=$1
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
    echo '  fclose(f);'
    echo '  return x;'
    echo '}'
  } > "$work/nested_$n.c"
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

out="$here/shapes-results.md"
{
  echo "# Cost per function shape"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) CPUs by \`bench/shapes.sh\`; CPU seconds"
  echo "(user + system, worker processes included), medians of 3 runs."
  echo "\"floor\" is the same run with no rules (parse and lowering only); \"analysis\""
  echo "is the difference.  Twice the size should cost about twice the analysis."
  echo
  echo "| shape | size | floor (s) | sesslint (s) | analysis (s) | analysis per 1000 |"
  echo "|---|---|---|---|---|---|"
  for n in 2500 5000 10000 20000; do
    gen_long "$n"
    f=$(secs "$sesslint" check --no-db -q -j1 --no-builtin-rules --rules "$work/none.yaml" "$work/long_$n.c")
    s=$(secs "$sesslint" check --no-db -q -j1 "$work/long_$n.c")
    a=$(echo "$s - $f" | bc -l)
    printf '| long, %d handles | %d statements | %.3f | %.3f | %.3f | %.4f |\n' $((n / 100)) "$n" "$f" "$s" "$a" "$(echo "$a * 1000 / $n" | bc -l)"
  done
  for n in 500 1000 2000 4000; do
    gen_nested "$n"
    f=$(secs "$sesslint" check --no-db -q -j1 --no-builtin-rules --rules "$work/none.yaml" "$work/nested_$n.c")
    s=$(secs "$sesslint" check --no-db -q -j1 "$work/nested_$n.c")
    a=$(echo "$s - $f" | bc -l)
    printf '| nested ifs | %d deep | %.3f | %.3f | %.3f | %.4f |\n' "$n" "$f" "$s" "$a" "$(echo "$a * 1000 / $n" | bc -l)"
  done
} > "$out"
cat "$out"
