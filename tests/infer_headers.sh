#!/usr/bin/env bash
# Rules inferred from declarations, on the installed headers of real
# libraries that have no rule file: for each tests/infer_expected/LIB.txt,
# `sesslint rules infer` on a tiny C file that includes the library's header
# must print every constructor/destructor pair the file lists (from the
# library's documentation), no pair the file does not list, and none of
# the functions its `!` lines name.
#
# An expectation file holds directives, then one pair per line:
#   @package DEB        the Debian -dev package (scripts/deps.sh --test)
#   @pkgconfig NAME     pkg-config module whose --cflags the parse gets
#   @code LINE          a line of the C file (#define, #include), taken whole
#   @library HEADER     compare the rules inferred from this header (the
#                       `library:` of an inferred file); repeatable
#   CTOR DTOR KIND      CTOR acquires, DTOR releases, in one resource of KIND
#   ! FUNCTION          FUNCTION is neither acquire nor release of any rule
# '#' starts a comment (each line cites its documentation there).
#
# A library whose header is missing is skipped (exit 77 when nothing
# failed); under CI=true a missing header is a failure.
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}"
dir="$SESSLINT_SOURCE_DIR/tests/infer_expected"
cc=${CC:-cc}
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools infer_headers "$cc" pkg-config
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0 failed=0 missing=()

# The inferred rule files as "library<TAB>resource<TAB>kind<TAB>acquire|release<TAB>fn".
flatten() {
  awk '
    /^library: / { lib = $2; gsub(/"/, "", lib); next }
    /^  [^ #][^ ]*:$/ { res = $1; sub(/:$/, "", res); next }
    /^    kind: / { kind[res] = $2; next }
    /^    acquire:/ { sect = "acquire"; next }
    /^    release:/ { sect = "release"; next }
    /^[^ #]/ { sect = "" }
    sect != "" && /^      - / {
      fn = $0; sub(/.*fn: */, "", fn); sub(/[,}].*/, "", fn)
      print lib "\t" res "\t" kind[res] "\t" sect "\t" fn
    }' "$1"
}

for exp in "$dir"/*.txt; do
  lib=$(basename "$exp" .txt)
  pkg="" pc="" code="" libs=()
  while IFS= read -r line; do
    case "$line" in
      @code\ *) code+="${line#@code }"$'\n'; continue ;; # C: no comment here
    esac
    line=${line%%#*}
    case "$line" in
      @package\ *) pkg=${line#@package } ;;
      @pkgconfig\ *) pc=${line#@pkgconfig } ;;
      @library\ *) libs+=("$(echo ${line#@library })") ;;
    esac
  done <"$exp"
  pkg=$(echo $pkg) pc=$(echo $pc)
  flags=()
  if [[ -n $pc ]] && pkg-config --exists "$pc" 2>/dev/null; then
    read -r -a flags <<<"$(pkg-config --cflags "$pc")"
  fi
  src="$work/$lib.c"
  printf '%sint main(void) { return 0; }\n' "$code" >"$src"
  if ! "$cc" -fsyntax-only "${flags[@]}" "$src" 2>"$work/$lib.cc"; then
    missing+=("$lib ($pkg)")
    if [[ "${CI:-}" == true ]]; then
      echo "infer_headers: FAIL: $lib: the header does not compile (is $pkg installed? scripts/deps.sh --test):" >&2
      sed 's/^/  /' "$work/$lib.cc" | head -5 >&2
      failed=$((failed + 1))
    fi
    continue
  fi
  "$SESSLINT" rules infer "$src" -- "${flags[@]}" >"$work/$lib.yaml" 2>"$work/$lib.err" || true
  flatten "$work/$lib.yaml" >"$work/$lib.all"
  # only the headers this file speaks of
  : >"$work/$lib.flat"
  for h in "${libs[@]}"; do
    awk -F'\t' -v h="$h" '$1 == h' "$work/$lib.all" >>"$work/$lib.flat"
  done
  # inferred pairs: every acquire with every release of its resource
  awk -F'\t' '
    $4 == "acquire" { a[$2] = a[$2] " " $5 }
    $4 == "release" { r[$2] = r[$2] " " $5 }
    { k[$2] = $3 }
    END { for (res in a) { n = split(a[res], x, " "); m = split(r[res], y, " ")
            for (i = 1; i <= n; i++) for (j = 1; j <= m; j++) print x[i], y[j], k[res] } }' \
    "$work/$lib.flat" | sort -u >"$work/$lib.got"
  sed 's/#.*//' "$exp" | awk 'NF == 3 && $1 !~ /^[@!]/ { print $1, $2, $3 }' | sort -u >"$work/$lib.want"
  sed 's/#.*//' "$exp" | awk '$1 == "!" && NF == 2 { print $2 }' | sort -u >"$work/$lib.not"
  errs=()
  while read -r p; do errs+=("missing pair: $p"); done < <(comm -23 "$work/$lib.want" "$work/$lib.got")
  while read -r p; do errs+=("pair not in the expectations: $p"); done < <(comm -13 "$work/$lib.want" "$work/$lib.got")
  while read -r f; do
    if awk -F'\t' -v f="$f" '$5 == f { found = 1 } END { exit !found }' "$work/$lib.all"; then
      errs+=("inferred, but must not be: $f ($(awk -F'\t' -v f="$f" '$5 == f { print $4 " of " $2; exit }' "$work/$lib.all"))")
    fi
  done <"$work/$lib.not"
  if [[ ${#errs[@]} -eq 0 ]]; then
    pass=$((pass + 1))
    echo "infer_headers: ok: $lib: $(wc -l <"$work/$lib.want") pairs, $(wc -l <"$work/$lib.not") functions left alone"
  else
    failed=$((failed + 1))
    echo "infer_headers: FAIL: $lib (tests/infer_expected/$lib.txt):" >&2
    printf '  %s\n' "${errs[@]}" >&2
    sed 's/^/  sesslint: /' "$work/$lib.err" | head -5 >&2
  fi
done
if [[ ${#missing[@]} -gt 0 ]]; then
  echo "infer_headers: headers missing for: ${missing[*]} (scripts/deps.sh --test installs them)" >&2
fi
echo "$pass passed, $failed failed"
if [[ $failed -gt 0 ]]; then exit 1; fi
if [[ ${#missing[@]} -gt 0 ]]; then echo "infer_headers: SKIP: not every library could be checked" >&2; exit 77; fi
exit 0
