#!/usr/bin/env bash
# sesslint and pylint side by side on the same Python trees: findings and
# CPU time of each, in one run.
#   pylint (Debian package `pylint`), only its checks about resources:
#     R1732 consider-using-with      an open()/Popen/known constructor outside `with`
#     E1129 not-context-manager      `with` on something that is no context manager
#     E1701 not-async-context-manager  the same for `async with`
#     W2101 useless-with-lock        `with threading.Lock():` created in the with
#   (W1514 unspecified-encoding is about text encodings, not handles: left out.)
#   sesslint: `check --no-db -j 1` (one worker, as pylint runs with -j 1), then
#   the same with `--enable exception` for the leak.exception count.
# Usage: bench/python-peers.sh [NAME=GIT_DIR_OR_DIRECTORY ...]
# Without arguments: the default trees below, taken at their HEAD from the
# local mirrors the `fetch` tool made (/work/.mirror/OWNER+NAME/repo).  A git
# directory is exported with `git archive HEAD` into $BENCH_WORK/python/NAME;
# a plain directory is read in place.  Writes the findings of each tool to
# $BENCH_WORK/python/NAME.{sesslint,sesslint-exc,pylint}.txt and prints one
# table (markdown) on stdout.  Nothing fetched is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
SESSLINT=${SESSLINT:-$here/build/sesslint}
PYLINT=${PYLINT:-pylint}
work=${BENCH_WORK:-$here/bench/work}/python
mkdir -p "$work"
[[ -x $SESSLINT ]] || { echo "python-peers.sh: $SESSLINT not built (run make)" >&2; exit 2; }
command -v "$PYLINT" >/dev/null || { echo "python-peers.sh: pylint not found (apt-get install pylint)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "python-peers.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

if [[ $# -eq 0 ]]; then
  set -- adlfs=/work/.mirror/fsspec+adlfs/repo \
         aiobotocore=/work/.mirror/aio-libs+aiobotocore/repo \
         httpx=/work/.mirror/encode+httpx/repo \
         gcsfs=/work/.mirror/fsspec+gcsfs/repo
fi

# tree NAME SRC: the directory to analyze
tree() {
  local name=$1 src=$2 dest=$work/$1
  if [[ $(git -C "$src" rev-parse --is-bare-repository 2>/dev/null) == true ]]; then
    rm -rf "$dest" && mkdir -p "$dest"
    # only the Python files: a mirror may lack some large blobs
    git -C "$src" archive HEAD $(git -C "$src" ls-tree -r --name-only HEAD | grep '\.py$') |
      tar -x -C "$dest"
    echo "$dest"
  elif [[ -d $src ]]; then
    echo "$src"
  else
    echo "python-peers.sh: $src is neither a git directory nor a directory" >&2
    exit 2
  fi
}

# cpu CMD...: run it, print "user+sys wall" seconds of it and its children
cpu() {
  local t=$work/.time
  /usr/bin/time -f "%U %S %e" -o "$t" "$@" || true
  tail -n 1 "$t" | awk '{printf "%.2f %.2f\n", $1 + $2, $3}'
}

echo "| tree | .py files | lines | sesslint findings | leak.exception (opt-in) | sesslint CPU s | pylint findings | pylint CPU s | pylint / sesslint CPU |"
echo "|---|---|---|---|---|---|---|---|---|"
for arg in "$@"; do
  name=${arg%%=*} src=${arg#*=}
  dir=$(tree "$name" "$src")
  nfiles=$(find "$dir" -name '*.py' | wc -l)
  nlines=$(find "$dir" -name '*.py' -print0 | xargs -0 cat | wc -l)
  read -r s_cpu s_wall < <(cpu sh -c '"$0" check --no-db -q -j 1 "$1" >/dev/null 2>"$2"' \
    "$SESSLINT" "$dir" "$work/$name.sesslint.txt")
  cpu sh -c '"$0" check --no-db -q -j 1 --enable exception "$1" >/dev/null 2>"$2"' \
    "$SESSLINT" "$dir" "$work/$name.sesslint-exc.txt" >/dev/null
  read -r p_cpu p_wall < <(cpu sh -c '"$0" -j 1 --recursive=y --disable=all \
      --enable=consider-using-with,not-context-manager,not-async-context-manager,useless-with-lock \
      --score=n --persistent=n --msg-template="{path}:{line}:{column}: {msg_id} {symbol}: {msg}" \
      "$1" >"$2" 2>/dev/null' "$PYLINT" "$dir" "$work/$name.pylint.txt")
  s_n=$(grep -c ': warning: ' "$work/$name.sesslint.txt" || true)
  e_n=$(grep -c '\[leak.exception\]' "$work/$name.sesslint-exc.txt" || true)
  p_n=$(grep -cE ': [REWC][0-9]{4} ' "$work/$name.pylint.txt" || true)
  ratio=$(awk -v p="$p_cpu" -v s="$s_cpu" 'BEGIN { if (s > 0) printf "%.1fx", p / s; else print "-" }')
  echo "| $name | $nfiles | $nlines | $s_n | $e_n | $s_cpu | $p_n | $p_cpu | $ratio |"
done
echo
echo "Findings: $work/NAME.sesslint.txt, NAME.sesslint-exc.txt, NAME.pylint.txt"
