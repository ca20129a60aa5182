#!/usr/bin/env bash
# The two incidents sesslint exists for, in their own repositories: sesslint
# at the parent of each fix commit and at the fix commit.
#   microsoft/sample-app-aoai-chatGPT  "Fix unclosed client session (#1032)"
#       4003f18a8528eb6a1a805c5700f4efb6e6efc13a   (app.py, backend/)
#   fsspec/gcsfs  "Try better shutdown cleanup behaviour (#657)"
#       81ffaccac7c92552fce7a629a9edc2bb3067d1b2   (gcsfs/)
# Usage: bench/incidents.sh [CHAT_GIT_DIR GCSFS_GIT_DIR]
# Without arguments the repositories are cloned from GitHub (blobs on
# demand) into $BENCH_WORK/incidents; with arguments, two local git
# directories (bare or not) that hold those commits are used.  Nothing
# fetched is committed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
SESSLINT=${SESSLINT:-$here/build/sesslint}
work=${BENCH_WORK:-$here/bench/work}/incidents
mkdir -p "$work"
[[ -x $SESSLINT ]] || { echo "incidents.sh: $SESSLINT not built (run make)" >&2; exit 2; }

chat_fix=4003f18a8528eb6a1a805c5700f4efb6e6efc13a
gcsfs_fix=81ffaccac7c92552fce7a629a9edc2bb3067d1b2

repo_dir() { # name url [local git dir]
  if [[ -n ${3:-} ]]; then
    git -C "$3" rev-parse --git-dir >/dev/null 2>&1 || { echo "incidents.sh: $3 is not a git directory" >&2; exit 2; }
    (cd "$3" && cd "$(git rev-parse --git-dir)" && pwd)
    return
  fi
  local d=$work/$1.git
  if [[ ! -d $d ]]; then
    if ! git clone -q --bare --filter=blob:none "$2" "$d" >&2; then
      echo "incidents.sh: cannot clone $2 (no network to GitHub?); pass local git directories instead" >&2
      exit 2
    fi
  fi
  echo "$d"
}

# checkout GITDIR REV DEST PATHS...: the files of PATHS at REV into DEST
checkout() {
  local g=$1 rev=$2 dest=$3; shift 3
  rm -rf "$dest"; mkdir -p "$dest"
  git --git-dir="$g" archive "$rev" "$@" | tar -x -C "$dest"
}

run() { # label dir paths...
  local label=$1 dir=$2; shift 2
  echo "== $label"
  (cd "$dir" && "$SESSLINT" check --no-db "$@") || true
}

chat=$(repo_dir chat https://github.com/microsoft/sample-app-aoai-chatGPT "${1:-}")
gcsfs=$(repo_dir gcsfs https://github.com/fsspec/gcsfs "${2:-}")
checkout "$chat" "$chat_fix^" "$work/chat-parent" app.py backend
checkout "$chat" "$chat_fix" "$work/chat-fix" app.py backend
checkout "$gcsfs" "$gcsfs_fix^" "$work/gcsfs-parent" gcsfs
checkout "$gcsfs" "$gcsfs_fix" "$work/gcsfs-fix" gcsfs
run "sample-app-aoai-chatGPT at ${chat_fix:0:8}^ (before the fix)" "$work/chat-parent" app.py backend
run "sample-app-aoai-chatGPT at ${chat_fix:0:8} (the fix)" "$work/chat-fix" app.py backend
run "gcsfs at ${gcsfs_fix:0:8}^ (before the fix)" "$work/gcsfs-parent" gcsfs/core.py
run "gcsfs at ${gcsfs_fix:0:8} (the fix)" "$work/gcsfs-fix" gcsfs/core.py
