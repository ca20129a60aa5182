#!/usr/bin/env bash
# Install the Debian packages sesslint needs, when they are missing.  As
# root it runs apt-get; otherwise it prints the exact command to run and
# exits 2.
#   scripts/deps.sh           build + run dependencies (make, make build)
#   scripts/deps.sh --corpus  also the library headers the bundled corpus/
#                             includes (make run analyzes it)
#   scripts/deps.sh --test    also what the test suite needs (make test)
set -euo pipefail

mode=${1:-}
case $mode in
  "" | --corpus | --test) ;;
  *) echo "usage: scripts/deps.sh [--corpus | --test]" >&2; exit 2 ;;
esac

pkgs=(cmake make gcc pkg-config libsqlite3-dev libyaml-dev libjansson-dev)
pkgs+=(libtree-sitter-dev)  # the Python front end (its grammar is fetched by CMake)
# A machine that never ran apt-get update knows no package versions yet.
if [[ $(id -u) -eq 0 ]] && ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then
  apt-get update -q >/dev/null
fi
# libclang: the newest Debian ships (operator kinds are exposed from 17 on);
# any of 14 to 19 works.
if apt-cache show libclang-19-dev >/dev/null 2>&1; then pkgs+=(libclang-19-dev); else pkgs+=(libclang-dev); fi
if [[ $mode == --corpus || $mode == --test ]]; then
  # the -dev headers the corpus includes: without them its files have parse
  # errors and `make run` stops with exit 3
  pkgs+=(libcurl4-openssl-dev libssl-dev libpq-dev libhiredis-dev libssh-dev
         libssh2-1-dev libkrb5-dev libpam0g-dev)
  pkgs+=(libgnutls28-dev libldap-dev libsasl2-dev libgit2-dev libmariadb-dev libmongoc-dev libnghttp2-dev libevent-dev)  # corpus: rules breadth A
  pkgs+=(libzmq3-dev librdkafka-dev librabbitmq-dev libmosquitto-dev libuv1-dev libdbus-1-dev libmemcached-dev libxml2-dev libarchive-dev zlib1g-dev)  # corpus: rules breadth B
fi
if [[ $mode == --test ]]; then
  # check: unit tests; sqlite3: CLI tests inspect the DB; git: diff tests;
  # valgrind: leak check of sesslint itself; nodejs and npm: the SARIF
  # validator (tests/sarif_validate.sh); python3: tests/db_flow.sh; bsdutils:
  # script(1) for tests/progress.sh; libclang-14-dev: make compat; chromium:
  # tests/html_browser.sh.
  pkgs+=(check libsubunit-dev sqlite3 git valgrind libclang-rt-dev bsdutils
         libclang-14-dev chromium)
  # packaging: help2man writes the man page, dpkg-dev (dpkg-shlibdeps) and
  # file let cpack compute the .deb's Depends, groff-base checks the man page
  # (tests/package.sh).
  pkgs+=(help2man dpkg-dev file groff-base)
  pkgs+=(libpcap-dev libexpat1-dev libpcre2-dev libgcrypt20-dev libusb-1.0-0-dev libudev-dev libsystemd-dev libmagic-dev libedit-dev libzstd-dev libnl-3-dev libfuse3-dev libgpgme-dev)  # inference test headers
  # Tools that may come from elsewhere than Debian's packages (a Node.js
  # release's own node and npm, a python3 build): the package only when the
  # command is missing (Debian's npm conflicts with other nodejs packages).
  command -v node >/dev/null || pkgs+=(nodejs)
  command -v npm >/dev/null || pkgs+=(npm)
  command -v python3 >/dev/null || pkgs+=(python3)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "sesslint needs these Debian packages: ${missing[*]}" >&2
  echo "install them with:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
fi
