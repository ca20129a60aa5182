#!/usr/bin/env bash
# html_browser: the HTML report as a browser sees it.  Renders reports with
# the CLI (`sesslint check --format html`) for a small project written here
# and for the repository's corpus, loads each in headless Chromium with
# --dump-dom, and checks the DOM after the page's script ran: the script
# ran (filter bar shown, sort buttons made), every finding is there by id
# and fingerprint, and every path step is there with its number and message
# (compared with the text report of the same run), and the root is shown
# by its name with its path on hover.  Then it takes a 1280x900 screenshot
# of the small project's report, and runs scripts/docs-screenshot.sh (which
# makes docs/html-report.png) into the build tree.
#
# Environment (set by ctest): SESSLINT (the binary), SESSLINT_SOURCE_DIR,
# SESSLINT_BUILD_DIR.  CHROMIUM overrides the browser (default: Debian's
# chromium package, /usr/bin/chromium).  Without Chromium the test fails
# when CI=true and is skipped otherwise.  Screenshots and DOM dumps are left
# in $SESSLINT_BUILD_DIR/html_browser/.
set -euo pipefail

fail() { echo "html_browser: FAIL: $*" >&2; exit 1; }

: "${SESSLINT:?SESSLINT must name the sesslint binary}"
: "${SESSLINT_SOURCE_DIR:?SESSLINT_SOURCE_DIR must name the source tree}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
: "${SESSLINT_BUILD_DIR:?SESSLINT_BUILD_DIR must name the build tree}"

chromium=${CHROMIUM:-}
if [[ -z $chromium ]]; then
  chromium=/usr/bin/chromium
  [[ -x $chromium ]] || chromium=$(command -v chromium || command -v chromium-browser || true)
fi
if [[ -z $chromium || ! -x $chromium ]]; then
  prereq_missing html_browser "headless Chromium not found (Debian package 'chromium')"
fi

out=$SESSLINT_BUILD_DIR/html_browser
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Run chromium on a local file; extra arguments say what to produce.
browse() {
  local file=$1; shift
  local profile
  profile=$(mktemp -d "$tmp/profile.XXXXXX")
  timeout 180 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" "$@" "file://$file"
}

# The escaping a DOM serializer applies to text: & < >.
html_text() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g'; }

# check_dom NAME: $tmp/NAME.html rendered, NAME.txt the text report and
# NAME.json the JSON report of the same run.  Loads the page and checks its
# DOM; leaves the DOM in $out/NAME.dom.html.
check_dom() {
  local name=$1 dom=$out/$1.dom.html
  browse "$tmp/$name.html" --dump-dom >"$dom" 2>"$tmp/$name.chromium.log" ||
    { cat "$tmp/$name.chromium.log" >&2; fail "$name: chromium could not load the page"; }
  grep -q '<html lang="en" data-js="ready">' "$dom" ||
    fail "$name: the page's script did not run (no data-js=\"ready\"; see $dom)"

  # warnings and their notes, in report order (suppressed findings are not
  # in the text report; they are checked by fingerprint below)
  local nfind
  nfind=$(grep -c ': warning: ' "$tmp/$name.txt" || true)
  [[ $nfind -gt 0 ]] || fail "$name: the run found nothing to show"
  grep -qF "<span id=\"shown\" role=\"status\" aria-live=\"polite\">$nfind of $nfind shown</span>" "$dom" ||
    fail "$name: filter bar not set up by the script"
  grep -qF '<div id="filters" class="filters">' "$dom" || fail "$name: filter bar still hidden"
  [[ $(grep -o '<button type="button" class="sort">' "$dom" | wc -l) -eq 7 ]] ||
    fail "$name: sort buttons missing"

  # every finding by fingerprint (suppressed ones too)
  local fp nfp=0
  for fp in $(grep -o '"fingerprint": "[0-9a-f]*"' "$tmp/$name.json" | cut -d'"' -f4); do
    grep -qF "data-fingerprint=\"$fp\"" "$dom" || fail "$name: finding $fp is not in the DOM"
    nfp=$((nfp + 1))
  done
  [[ $nfp -ge $nfind ]] || fail "$name: fewer fingerprints than findings"

  # every finding by id, with its steps numbered in order, each with its
  # message (the notes of the text report, in the same order)
  local i=0 line
  : >"$tmp/notes"
  flush_finding() {
    [[ $i -gt 0 ]] || return 0
    local id=F$i sect=$tmp/$name.F$i
    grep -qF "<section class=\"finding\" id=\"$id\"" "$dom" || fail "$name: no section $id"
    awk -v start="<section class=\"finding\" id=\"$id\"" \
      'index($0, start) == 1 { on = 1 } on { print } on && /<\/section>/ { exit }' \
      "$dom" >"$sect"
    grep -qF "<tr data-rule=" "$dom" || fail "$name: no findings table"
    grep -qF "<a href=\"#$id\">$id</a>" "$dom" || fail "$name: $id not linked from the table"
    local j=0 msg item
    while IFS= read -r msg; do
      j=$((j + 1))
      item=$(grep '^<li><span class="badge' "$sect" | sed -n "${j}p")
      [[ -n $item ]] || fail "$name: $id: step $j is not listed"
      [[ $item =~ \>$j\ (acquired|branch|alias|leaks\ here|note)\</span\> ]] ||
        fail "$name: $id: step $j has no badge numbered $j: $item"
      [[ $item == *"<span class=\"smsg\">$(html_text <<<"$msg")</span>"* ]] ||
        fail "$name: $id: step $j does not say '$msg': $item"
      grep -qE "<div class=\"bubble k-[a-z]+\"><span class=\"badge k-[a-z]+\">$j " "$sect" ||
        fail "$name: $id: step $j has no badge on its source line"
    done <"$tmp/notes"
    [[ $j -gt 0 ]] || fail "$name: $id has no steps"
    [[ $(grep -c '^<li><span class="badge' "$sect") -eq $j ]] ||
      fail "$name: $id lists more steps than the text report"
    grep -q '<td class="ln">[0-9]*</td>' "$sect" || fail "$name: $id shows no numbered source"
    : >"$tmp/notes"
  }
  while IFS= read -r line; do
    if [[ $line == *": warning: "* ]]; then
      flush_finding
      i=$((i + 1))
    elif [[ $line == *": note: "* ]]; then
      printf '%s\n' "${line#*: note: }" >>"$tmp/notes"
    fi
  done <"$tmp/$name.txt"
  flush_finding
  [[ $i -eq $nfind ]] || fail "$name: counted $i findings, expected $nfind"
  if grep -qF "id=\"F$((nfind + 1))\"" "$dom"; then
    fail "$name: more findings in the page than in the text report"
  fi
  echo "html_browser: $name: $nfind findings and their steps rendered" >&2
}

# render NAME PATH...: run check with html, text and JSON output.
render() {
  local name=$1; shift
  local fmt rc
  for fmt in html text json; do
    rc=0
    (cd "$tmp" && "$SESSLINT" check --no-db -q --format "$fmt" -o "$tmp/$name.$( [[ $fmt == text ]] && echo txt || echo "$fmt")" "$@") || rc=$?
    # 1: findings; 3: some translation unit not analyzed (the rest is reported)
    [[ $rc -eq 1 || $rc -eq 3 ]] || fail "$name: sesslint check --format $fmt exited $rc"
  done
}

# A small project: a session leak whose code holds '<' and '&', and a
# connector leak on a failed open.
mkdir -p "$tmp/proj/src"
cat >"$tmp/proj/src/net.c" <<'EOF'
/* net.c: a leak on an early return; markup characters in the code */
typedef struct Curl_easy CURL;
CURL *curl_easy_init(void);
int curl_easy_perform(CURL *h);
void curl_easy_cleanup(CURL *h);

int fetch(int flags)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (flags < 0 && (flags & 4) != 0)
        return -2;
    curl_easy_perform(h);
    curl_easy_cleanup(h);
    return 0;
}
EOF
cat >"$tmp/proj/src/db.c" <<'EOF'
/* db.c: sqlite3_open allocates the handle even when it fails */
typedef struct sqlite3 sqlite3;
int sqlite3_open(const char *path, sqlite3 **db);
int sqlite3_close(sqlite3 *db);

int open_cache(const char *path)
{
    sqlite3 *db;
    if (sqlite3_open(path, &db) != 0)
        return -1;
    sqlite3_close(db);
    return 0;
}
EOF
render proj "$tmp/proj"
check_dom proj
dom=$out/proj.dom.html
[[ $(grep -c ': warning: ' "$tmp/proj.txt") -eq 2 ]] || fail "proj: expected 2 findings"
grep -qF '<td class="tx">    if (flags &lt; 0 &amp;&amp; (flags &amp; 4) != 0)</td>' "$dom" ||
  fail "proj: source line with < and & not shown escaped"
grep -qF '<span class="badge k-acquire">1 acquired</span>' "$dom" || fail "proj: no '1 acquired' badge"
grep -qE '<span class="badge k-branch">2 branch</span>' "$dom" || fail "proj: no '2 branch' badge"
grep -qE '<span class="badge k-leak">[0-9]+ leaks here</span>' "$dom" || fail "proj: no 'leaks here' badge"
# every step is on a shown line: as many bubbles as notes
[[ $(grep -o '<div class="bubble' "$dom" | wc -l) -eq $(grep -c ': note: ' "$tmp/proj.txt") ]] ||
  fail "proj: not every step has a badge on its line"
if grep -qE '(src|href)="https?://' "$dom"; then fail "proj: the page references the network"; fi
# the root by its name, its path only on hover
root=$(cd "$tmp" && pwd -P)
grep -qF "<dt>Root</dt><dd><code title=\"$root\">${root##*/}</code></dd>" "$dom" ||
  fail "proj: the root is not shown as its name with the path as title"

browse "$tmp/proj.html" --hide-scrollbars --window-size=1280,900 \
  --screenshot="$out/report.png" >"$tmp/shot.log" 2>&1 ||
  { cat "$tmp/shot.log" >&2; fail "proj: screenshot failed"; }
[[ -s $out/report.png && $(head -c 8 "$out/report.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
  fail "proj: screenshot is not a PNG"
echo "html_browser: screenshot in $out/report.png" >&2

# docs/html-report.png is made by scripts/docs-screenshot.sh: it still runs,
# and the page it shoots names no directory of this machine.
CHROMIUM=$chromium KEEP_HTML=1 bash "$SESSLINT_SOURCE_DIR/scripts/docs-screenshot.sh" \
  "$SESSLINT" "$out/docs-html-report.png" 2>"$tmp/docs-shot.log" ||
  { cat "$tmp/docs-shot.log" >&2; fail "scripts/docs-screenshot.sh failed"; }
sed -E 's/ title="[^"]*"//g' "$out/docs-html-report.html" >"$tmp/docs-visible.html"
for d in "$SESSLINT_SOURCE_DIR" "$SESSLINT_BUILD_DIR" /tmp/; do
  if grep -qF "$d" "$tmp/docs-visible.html"; then
    fail "the docs screenshot's page shows $d outside a hover title"
  fi
done

# The repository's corpus: every finding it produces renders.
if [[ -d $SESSLINT_SOURCE_DIR/corpus ]]; then
  render corpus "$SESSLINT_SOURCE_DIR/corpus"
  check_dom corpus
fi
echo "html_browser: ok" >&2
