#!/usr/bin/env bash
# package: sesslint as users install it.
#  1. the version: cmake/version.cmake outside git, in git without a tag,
#     dirty, tagged, after the tag, and in a plain directory inside some
#     other checkout; `sesslint --version` says the build's version.
#  2. `cmake --install` into a temporary prefix, moved elsewhere afterwards:
#     the installed binary loads its rules from PREFIX/share/sesslint/rules
#     (and the opt-in memory rules), and finds the leaks in a corpus file.
#  3. `cpack -G DEB`: dpkg-deb shows package sesslint with the build's
#     version, Depends computed from the binary (libclang, SQLite, libyaml,
#     jansson, libc) plus libclang's built-in headers, /usr/bin/sesslint,
#     the rules under /usr/share/sesslint/rules and the man page; the
#     unpacked package runs; groff reads the man page without a warning and
#     it holds every command's help.
#
# Environment (set by ctest): SESSLINT, SESSLINT_SOURCE_DIR,
# SESSLINT_BUILD_DIR.  Parts 3 needs cpack, dpkg-deb, dpkg-shlibdeps, file,
# groff and a build configured with help2man (scripts/deps.sh --test
# installs them): without them it fails when CI=true and is skipped
# otherwise.
set -euo pipefail

fail() { echo "package: FAIL: $*" >&2; exit 1; }

: "${SESSLINT:?SESSLINT must name the sesslint binary}"
: "${SESSLINT_SOURCE_DIR:?SESSLINT_SOURCE_DIR must name the source tree}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
: "${SESSLINT_BUILD_DIR:?SESSLINT_BUILD_DIR must name the build tree}"
src=$SESSLINT_SOURCE_DIR
build=$SESSLINT_BUILD_DIR
unset SESSLINT_RULES_DIR

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gitc() { git -C "$1" -c user.name=package -c user.email=package@localhost "${@:2}"; }

# ---- 1. the version ----

# version_of DIR: what cmake/version.cmake makes of DIR (FALLBACK 9.8.7).
version_of() {
  local out=$tmp/v.$RANDOM
  mkdir -p "$out"
  cmake -DSRC="$1" -DOUT_DIR="$out" -DFALLBACK=9.8.7 -P "$src/cmake/version.cmake" ||
    fail "version.cmake failed on $1"
  grep -qF "const char sl_version[] = \"$(cat "$out/version.txt")\";" "$out/version.c" ||
    fail "version.c and version.txt disagree for $1"
  cat "$out/version.txt"
}
expect_version() { # DIR WANT WHAT
  local got
  got=$(version_of "$1")
  [[ $got == "$2" ]] || fail "version $3: got '$got', want '$2'"
}

v=$tmp/vrepo
mkdir -p "$v/sub"
echo one >"$v/file"
expect_version "$v" 9.8.7 "outside git"
git -C "$v" init -q
gitc "$v" add file
gitc "$v" commit -qm one
h=$(git -C "$v" rev-parse --short=7 HEAD)
expect_version "$v" "9.8.7-g$h" "in git without a tag"
echo two >"$v/file"
expect_version "$v" "9.8.7-g$h-dirty" "with a changed tracked file"
gitc "$v" commit -qam two
gitc "$v" tag v2.0.0
expect_version "$v" 2.0.0 "on tag v2.0.0"
echo three >"$v/file"
gitc "$v" commit -qam three
h=$(git -C "$v" rev-parse --short=7 HEAD)
[[ $(version_of "$v") =~ ^2\.0\.0-1-g[0-9a-f]{7,}$ ]] ||
  fail "version one commit after v2.0.0: got '$(version_of "$v")'"
expect_version "$v/sub" 9.8.7 "of a plain directory inside another checkout"

# Written only when it changes: an unchanged version rebuilds nothing.
out=$tmp/vsame
mkdir -p "$out"
cmake -DSRC="$v" -DOUT_DIR="$out" -DFALLBACK=9.8.7 -P "$src/cmake/version.cmake"
touch -d '2001-01-01' "$out/version.c"
cmake -DSRC="$v" -DOUT_DIR="$out" -DFALLBACK=9.8.7 -P "$src/cmake/version.cmake"
[[ $(stat -c %Y "$out/version.c") -eq $(date -d 2001-01-01 +%s) ]] ||
  fail "version.c rewritten though the version did not change"

# The binary says the build's version; built from git, it names a commit
# of the source tree.
[[ -f $build/version.txt ]] || fail "no $build/version.txt"
version=$(cat "$build/version.txt")
[[ $("$SESSLINT" --version) == "sesslint $version" ]] ||
  fail "--version says '$("$SESSLINT" --version)', the build's version is '$version'"
if [[ $version =~ -g([0-9a-f]{7,})(-dirty)?$ ]]; then
  git -C "$src" cat-file -e "${BASH_REMATCH[1]}^{commit}" ||
    fail "version $version names no commit of $src"
fi
echo "package: version: $version" >&2

# ---- 2. cmake --install, relocated ----

corpus=$src/corpus/headers/client.c
# run_installed BIN WHAT: the installed binary loads its rules from beside
# itself, and finds what the build tree's binary finds.
run_installed() {
  local bin=$1 what=$2 share
  share=$(cd "$(dirname "$bin")/../share/sesslint/rules" && pwd -P)
  "$bin" rules list >"$tmp/rules.txt" || fail "$what: rules list failed"
  grep -qF " $share/libcurl.yaml:" "$tmp/rules.txt" ||
    fail "$what: rules not loaded from $share"
  if grep -qF "$src/rules/" "$tmp/rules.txt"; then fail "$what: rules loaded from the source tree"; fi
  local rc=0
  (cd "$tmp" && "$bin" check --no-db "$corpus") >"$tmp/installed.txt" 2>&1 || rc=$?
  [[ $rc -eq 1 ]] || { cat "$tmp/installed.txt" >&2; fail "$what: check exited $rc, expected 1"; }
  rc=0
  (cd "$tmp" && "$SESSLINT" check --no-db "$corpus") >"$tmp/built.txt" 2>&1 || rc=$?
  diff -u "$tmp/built.txt" "$tmp/installed.txt" >&2 ||
    fail "$what: the installed binary reports otherwise than the build tree's"
  grep -q '\[leak.session\]' "$tmp/installed.txt" || fail "$what: no leak.session finding"
  cat >"$tmp/mem.c" <<'EOF'
#include <stdlib.h>
int fill(int n)
{
    char *p = malloc(4);
    if (!p || n < 0)
        return -1;
    free(p);
    return 0;
}
EOF
  rc=0
  (cd "$tmp" && "$bin" check --no-db --enable memory "$tmp/mem.c") >"$tmp/mem.txt" 2>&1 || rc=$?
  [[ $rc -eq 1 ]] && grep -q '\[leak.memory\]' "$tmp/mem.txt" ||
    { cat "$tmp/mem.txt" >&2; fail "$what: --enable memory did not load the installed opt-in rules"; }
  [[ $("$bin" --version) == "sesslint $version" ]] || fail "$what: --version differs from the build's"
}

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
[[ -x $tmp/prefix/bin/sesslint ]] || fail "no bin/sesslint in the prefix"
nsrc=$(find "$src/rules" -name '*.yaml' | wc -l)
ninst=$(find "$tmp/prefix/share/sesslint/rules" -name '*.yaml' | wc -l)
[[ $nsrc -eq $ninst && $ninst -gt 0 ]] || fail "$ninst rule files installed, the source has $nsrc"
mv "$tmp/prefix" "$tmp/moved"
run_installed "$tmp/moved/bin/sesslint" "installed prefix, moved"
echo "package: cmake --install: rules found from a moved prefix, $ninst rule files" >&2

# ---- 3. the .deb ----

missing=()
for t in cpack dpkg-deb dpkg-shlibdeps file groff; do
  command -v "$t" >/dev/null || missing+=("$t")
done
[[ -f $build/sesslint.1.gz ]] || missing+=("the man page (configure with help2man installed)")
if [[ ${#missing[@]} -gt 0 ]]; then
  prereq_missing package "cannot build the .deb without: ${missing[*]}"
fi

(cd "$tmp" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$tmp/deb") >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$tmp"/deb/sesslint_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || fail "cpack made no sesslint_*.deb: $(ls "$tmp/deb")"
deb=${debs[0]}

field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == sesslint ]] || fail "Package is '$(field Package)'"
debv=$(sed -E 's/^([0-9][^-]*)-/\1+/; s/-/./g' <<<"$version")
[[ $(field Version) == "$debv" ]] || fail "Version is '$(field Version)', want '$debv' (from $version)"
depends=$(field Depends)
for d in 'libc6 ' 'libsqlite3-0 ' 'libyaml-0-2' 'libjansson4 ' 'libclang1-[0-9]+ ' 'libclang-common-[0-9]+-dev'; do
  grep -qE "(^|, )$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
# the built-in headers of the libclang the binary links
libclang=$(grep -oE 'libclang1-[0-9]+' <<<"$depends")
grep -qE "libclang-common-${libclang#libclang1-}-dev" <<<"$depends" ||
  fail "Depends: $libclang without its built-in headers (libclang-common-${libclang#libclang1-}-dev)"

dpkg-deb -c "$deb" | awk '{print $6}' >"$tmp/files"
for f in ./usr/bin/sesslint ./usr/share/sesslint/rules/libcurl.yaml \
         ./usr/share/sesslint/rules/optional/memory.yaml ./usr/share/man/man1/sesslint.1.gz; do
  grep -qxF "$f" "$tmp/files" || fail "the .deb has no $f"
done
[[ $(grep -c '^\./usr/share/sesslint/rules/.*\.yaml$' "$tmp/files") -eq $nsrc ]] ||
  fail "the .deb does not hold the $nsrc rule files"
outside=$(grep -v -e '^\./usr/' -e '^\./$' "$tmp/files" || true)
[[ -z $outside ]] || fail "the .deb installs outside /usr: $outside"

dpkg-deb -x "$deb" "$tmp/root"
run_installed "$tmp/root/usr/bin/sesslint" "unpacked .deb"

# The man page: groff reads it without warnings, and it holds the main
# help and every command's help.
man=$tmp/root/usr/share/man/man1/sesslint.1.gz
zcat "$man" | groff -man -Tutf8 -ww -z 2>"$tmp/groff.err" || fail "groff could not read the man page"
[[ ! -s $tmp/groff.err ]] || { cat "$tmp/groff.err" >&2; fail "groff warns about the man page"; }
zcat "$man" | groff -man -Tascii -P-cbou 2>/dev/null >"$tmp/man.txt"
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS; do
  grep -q "^$s" "$tmp/man.txt" || fail "the man page has no $s section"
done
grep -q "sesslint $version" "$tmp/man.txt" || fail "the man page does not carry version $version"
tr -s ' ' <"$tmp/man.txt" >"$tmp/man1.txt"
ncmd=0
for c in $("$SESSLINT" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}' | grep -vx help); do
  grep -q "^   sesslint $c\$" "$tmp/man.txt" || fail "the man page has no section for 'sesslint $c'"
  # the command's usage line, as its help prints it
  u=$("$SESSLINT" help "$c" | sed -n 1p | tr -s ' ')
  grep -qF -- "$u" "$tmp/man1.txt" || fail "the man page lacks '$u'"
  ncmd=$((ncmd + 1))
done
[[ $ncmd -ge 5 ]] || fail "only $ncmd commands found in sesslint --help"
grep -q -- '--fail-on any|new|none' "$tmp/man.txt" || fail "the man page lacks check's --fail-on"
if command -v man >/dev/null; then
  MANWIDTH=80 man -l "$man" >"$tmp/man-l.txt" 2>/dev/null || fail "man -l could not render the page"
  grep -q "sesslint check" "$tmp/man-l.txt" || fail "man -l does not render the page"
fi
echo "package: $(basename "$deb"): Depends: $depends; man page with $ncmd commands" >&2
echo "1 passed, 0 failed"
