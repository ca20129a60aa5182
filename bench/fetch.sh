#!/usr/bin/env bash
# Fetch the benchmark codebases as Debian source packages and produce a
# compile_commands.json for each, under bench/work/ (never committed).
#
#   bench/fetch.sh                 curl hiredis openssh libssh2 libssh libgit2
#   bench/fetch.sh curl hiredis    only these
#
# Layout produced:
#   bench/work/src/<pkg>-<version>/   the unpacked source package (apt-get source)
#   bench/work/build/<pkg>/           out-of-tree build dir (CMake projects)
#   bench/work/db/<pkg>/compile_commands.json
#                                     one entry per C file, first one wins
#
# Idempotent: a project whose compile_commands.json exists is skipped; an
# unpacked source is reused. Needs root for apt-get (deb-src entry, source
# download, build dependencies); as non-root it prints the commands to run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
work=${BENCH_WORK:-$here/work}
src=$work/src
dbroot=$work/db
buildroot=$work/build
logs=$work/logs
jobs=${BENCH_BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}
all_projects=(curl hiredis openssh libssh2 libssh libgit2)

log() { printf 'fetch: %s\n' "$*" >&2; }
die() { printf 'fetch: error: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "needs root: $*"
    fi
}

# deb-src for bookworm main, only when apt knows no source packages yet.
ensure_deb_src() {
    if apt-cache showsrc hiredis 2>/dev/null | grep -q '^Package: hiredis'; then
        return
    fi
    local list=/etc/apt/sources.list.d/sesslint-src.list opt=''
    # The same URI and suite must carry the same Signed-By as the existing
    # deb entries, or apt refuses the whole list.
    local key=/usr/share/keyrings/debian-archive-keyring.gpg
    if [ -f "$key" ] && grep -rqs "^Signed-By: *$key" /etc/apt/sources.list.d/; then
        opt="[signed-by=$key] "
    fi
    log "adding $list (deb-src for bookworm main)"
    echo "deb-src ${opt}http://deb.debian.org/debian bookworm main" | as_root tee "$list" >/dev/null
    as_root apt-get update -q >&2
}

# Install the Debian packages given when any is missing.
ensure_pkgs() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        log "installing: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}" >&2
    fi
}

# Unpack source package $1 under $src once; prints its directory.
source_dir() {
    local pkg=$1 marker=$src/.$1.dir
    if [ -f "$marker" ] && [ -d "$src/$(cat "$marker")" ]; then
        echo "$src/$(cat "$marker")"
        return
    fi
    mkdir -p "$src"
    local before after d
    before=$(find "$src" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
    log "apt-get source $pkg"
    (cd "$src" && apt-get source -q "$pkg") >"$logs/$pkg.source.log" 2>&1 ||
        die "apt-get source $pkg failed (see $logs/$pkg.source.log)"
    after=$(find "$src" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
    d=$(comm -13 <(echo "$before") <(echo "$after") | head -n1)
    [ -n "$d" ] || die "apt-get source $pkg: no new directory under $src"
    echo "$d" >"$marker"
    echo "$src/$d"
}

# Keep one entry per C/C++ source file (the first), drop other entries
# (assembly), make "file" absolute and spell the source argument in
# "arguments" the same way, and write $2/compile_commands.json. bear records
# the argument as the compiler saw it ("url.c", run in lib/); tools that drop
# the source from the arguments by comparing it with "file" literally
# (sesslint as of this writing) would otherwise parse it twice and fail.
normalize_db() {
    local in=$1 outdir=$2
    mkdir -p "$outdir"
    jq '[ .[] | . as $e
          | ($e.file | if startswith("/") then . else ($e.directory + "/" + .) end) as $abs
          | select($abs | test("\\.(c|cc|cpp|cxx)$"))
          | $e + {file: $abs}
          | if .arguments then
              .arguments |= map(if . == $e.file or ($e.directory + "/" + ltrimstr("./")) == $abs
                                then $abs else . end)
            else . end ]
        | reduce .[] as $e ({seen: {}, out: []};
            if .seen[$e.file] then . else .seen[$e.file] = true | .out += [$e] end)
        | .out' "$in" >"$outdir/compile_commands.json.tmp"
    mv "$outdir/compile_commands.json.tmp" "$outdir/compile_commands.json"
}

# Run a build command under bear in directory $1, output to $1/compile_commands.json.
bear_build() {
    local dir=$1 name=$2
    shift 2
    # bear writes its output only when the build is over: one that exists
    # came from a complete build.
    if [ -s "$dir/compile_commands.json" ]; then
        log "$name: $dir/compile_commands.json exists, build skipped"
        return
    fi
    log "$name: bear -- $* (log: $logs/$name.build.log)"
    # From clean, so that bear sees every compilation (a re-run after an
    # interrupted build would otherwise record only what was left to build).
    (cd "$dir" && { make clean >/dev/null 2>&1 || :; })
    (cd "$dir" && bear --output "$dir/compile_commands.json" -- "$@") \
        >"$logs/$name.build.log" 2>&1 || die "$name: build failed (see $logs/$name.build.log)"
}

prepare_hiredis() {
    ensure_pkgs build-essential libssl-dev
    local d
    d=$(source_dir hiredis)
    # Plain Makefile: library, SSL module when the version has one, test
    # program and the blocking example (the only one needing no event library).
    local sslflag=()
    [ -f "$d/ssl.c" ] && sslflag=(USE_SSL=1)
    bear_build "$d" hiredis make -j"$jobs" "${sslflag[@]}" all hiredis-example
    normalize_db "$d/compile_commands.json" "$dbroot/hiredis"
}

prepare_curl() {
    ensure_pkgs build-essential autoconf automake libtool pkg-config libssl-dev zlib1g-dev \
        libssh2-1-dev libnghttp2-dev libidn2-dev libpsl-dev
    local d
    d=$(source_dir curl)
    if [ ! -f "$d/config.status" ]; then
        log "curl: autoreconf + configure (log: $logs/curl.configure.log)"
        (cd "$d" && autoreconf -fi && ./configure --disable-static --with-openssl --with-zlib \
            --with-libssh2 --with-nghttp2 --with-libidn2 --with-libpsl --disable-ldap \
            --without-brotli --without-zstd --without-librtmp --disable-manual) \
            >"$logs/curl.configure.log" 2>&1 || die "curl: configure failed (see $logs/curl.configure.log)"
    fi
    # lib/ (libcurl) and src/ (the curl tool).
    bear_build "$d" curl make -j"$jobs"
    normalize_db "$d/compile_commands.json" "$dbroot/curl"
}

prepare_openssh() {
    ensure_pkgs build-essential autoconf pkg-config libssl-dev zlib1g-dev libpam0g-dev \
        libkrb5-dev libedit-dev
    local d
    d=$(source_dir openssh)
    if [ ! -f "$d/config.status" ]; then
        log "openssh: autoreconf + configure (log: $logs/openssh.configure.log)"
        (cd "$d" && autoreconf -fi && ./configure --with-pam --with-kerberos5=/usr \
            --with-libedit) \
            >"$logs/openssh.configure.log" 2>&1 || die "openssh: configure failed (see $logs/openssh.configure.log)"
    fi
    bear_build "$d" openssh make -j"$jobs"
    normalize_db "$d/compile_commands.json" "$dbroot/openssh"
}

# Configure CMake project $1 (a source package) with its database exported,
# which CMake writes at configure time: no build needed.  Extra args: options.
cmake_db() {
    local p=$1 d b=$buildroot/$1
    shift
    ensure_pkgs build-essential cmake libssl-dev zlib1g-dev
    d=$(source_dir "$p")
    log "$p: cmake configure (log: $logs/$p.configure.log)"
    cmake -S "$d" -B "$b" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" \
        >"$logs/$p.configure.log" 2>&1 || die "$p: cmake failed (see $logs/$p.configure.log)"
    normalize_db "$b/compile_commands.json" "$dbroot/$p"
}

prepare_libssh2() {
    cmake_db libssh2 -DCRYPTO_BACKEND=OpenSSL -DENABLE_ZLIB_COMPRESSION=ON -DBUILD_TESTING=OFF \
        -DBUILD_EXAMPLES=ON
}

# Library and examples; no tests, no GSSAPI.
prepare_libssh() {
    cmake_db libssh -DWITH_EXAMPLES=ON -DUNIT_TESTING=OFF -DCLIENT_TESTING=OFF \
        -DSERVER_TESTING=OFF -DWITH_GSSAPI=OFF
}

# Library and its git2 command line; no tests.  Debian's source has the
# bundled http-parser, PCRE and NTLM client removed: the system ones are
# used, without NTLM.
prepare_libgit2() {
    ensure_pkgs libhttp-parser-dev libpcre2-dev libssh2-1-dev
    cmake_db libgit2 -DBUILD_TESTS=OFF -DBUILD_CLI=ON -DUSE_SSH=ON -DUSE_HTTP_PARSER=system \
        -DUSE_NTLMCLIENT=OFF \
        -DREGEX_BACKEND=pcre2
}

main() {
    local projects=("$@") p
    [ "${#projects[@]}" -gt 0 ] || projects=("${all_projects[@]}")
    for p in "${projects[@]}"; do
        case " ${all_projects[*]} " in
        *" $p "*) ;;
        *) die "unknown project '$p' (known: ${all_projects[*]})" ;;
        esac
    done
    command -v jq >/dev/null || ensure_pkgs jq
    command -v bear >/dev/null || ensure_pkgs bear
    mkdir -p "$src" "$dbroot" "$buildroot" "$logs"
    ensure_deb_src
    for p in "${projects[@]}"; do
        local db=$dbroot/$p/compile_commands.json
        if [ -s "$db" ]; then
            log "$p: $db exists, skipped"
        else
            "prepare_$p"
        fi
        printf '%s: %s (%s entries)\n' "$p" "$db" "$(jq length "$db")"
    done
}

# Run only when executed: bench/scale.sh sources this file for its helpers.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
