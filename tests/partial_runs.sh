#!/usr/bin/env bash
# Diffs that know their scope (docs/db.md, "What two runs compare"): after a
# run over part of the tree, diff, the gate, findings and report compare
# only the files both runs analyzed; the others are "not analyzed" (count
# and list), never fixed or new.  A file added since the baseline commit is
# compared (its findings are new), and shard runs of one commit form one
# logical run.
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools partial_runs git python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0
fail() { echo "partial_runs: FAIL: $*" >&2; exit 1; }
ok() { pass=$((pass + 1)); }
git init -q repo && cd repo
g() { git -c user.name=sesslint-test -c user.email=test@example.invalid "$@"; }
jq_() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }
leaky() { # leaky FILE FUNCTION: a file with one leak.session in FUNCTION
  cat > "$1" <<C
#include <curl/curl.h>
int $2(const char *url)
{
    CURL *h = curl_easy_init();
    if (!h)
        return -1;
    if (curl_easy_setopt(h, CURLOPT_URL, url) != CURLE_OK)
        return -2;
    curl_easy_cleanup(h);
    return 0;
}
C
}
leaky a.c fa
leaky b.c fb
g add . && g commit -qm X
X=$(git rev-parse HEAD)
set +e; "$SESSLINT" check -q a.c b.c; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "check a.c b.c exit $rc"; ok
echo "/* touched */" >> a.c && g commit -qam Y
Y=$(git rev-parse HEAD)
set +e; "$SESSLINT" check -q a.c; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "check a.c exit $rc"; ok

# diff X Y: b.c was not analyzed by Y, so its finding is not fixed
"$SESSLINT" diff "$X" "$Y" --format json > d.json
[[ $(jq_ d.json "d['counts']['fixed']") == 0 ]] || fail "fixed after a partial run: $(cat d.json)"; ok
[[ $(jq_ d.json "d['counts']['unchanged']") == 1 ]] || fail "unchanged: $(cat d.json)"; ok
[[ $(jq_ d.json "d['counts']['not_analyzed']") == 1 ]] || fail "not_analyzed count: $(cat d.json)"; ok
[[ $(jq_ d.json "d['not_analyzed'][0]['file'] + ' ' + d['not_analyzed'][0]['analyzed_in'] + ' ' + str(d['not_analyzed'][0]['findings'])") == "b.c base 1" ]] \
  || fail "not_analyzed list: $(cat d.json)"; ok
"$SESSLINT" diff "$X" "$Y" > d.txt
grep -q "0 new, 0 fixed, 1 unchanged, 1 file not analyzed in both runs" d.txt || fail "text counts: $(cat d.txt)"; ok
grep -q "b.c: analyzed in base only (1 finding)" d.txt || fail "text list: $(cat d.txt)"; ok
"$SESSLINT" diff "$X" "$Y" --format markdown | grep -q "1 file not analyzed in both runs" || fail "markdown"; ok
# the other way round: not new either
"$SESSLINT" diff "$Y" "$X" --format json > r.json
[[ $(jq_ r.json "d['counts']['new']") == 0 && $(jq_ r.json "d['not_analyzed'][0]['analyzed_in']") == head ]] \
  || fail "reverse diff: $(cat r.json)"; ok
# SARIF: the finding nobody compared has no baselineState
"$SESSLINT" diff "$Y" "$X" --format sarif > r.sarif
[[ $(jq_ r.sarif "sorted(str(r.get('baselineState')) for r in d['runs'][0]['results'])") == "['None', 'unchanged']" ]] \
  || fail "sarif states: $(cat r.sarif)"; ok

# the gate against a partial baseline: b.c's finding is not new, and the
# message says what was not compared
set +e; "$SESSLINT" check --no-db --fail-on new --baseline "$Y" a.c b.c 2>g.txt; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "gate exit $rc: $(cat g.txt)"; ok
grep -q "0 new findings relative to $Y" g.txt || fail "gate count: $(cat g.txt)"; ok
grep -q "1 file not analyzed in both runs, not compared: b.c (head only; 1 finding not compared)" g.txt \
  || fail "gate message: $(cat g.txt)"; ok

# a file added since the baseline commit is compared: its leak is new
leaky c.c fc
g add c.c && g commit -qm Z
set +e; "$SESSLINT" check --no-db --fail-on new --baseline "$Y" a.c c.c 2>g2.txt; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "gate on an added file exit $rc: $(cat g2.txt)"; ok
grep -q "1 new finding relative to" g2.txt || fail "added file: $(cat g2.txt)"; ok
! grep -q "not analyzed" g2.txt || fail "added file listed as not analyzed: $(cat g2.txt)"; ok
# ...and a file deleted since: its findings are fixed
set +e; "$SESSLINT" check -q a.c c.c; set -e
g rm -q c.c && g commit -qm W
set +e; "$SESSLINT" check -q a.c; set -e
"$SESSLINT" diff HEAD~1 HEAD --format json > w.json
[[ $(jq_ w.json "d['counts']['fixed'], d['counts']['not_analyzed']") == "(1, 0)" ]] \
  || fail "deleted file: $(cat w.json)"; ok

# a translation unit that failed counts as not analyzed
W=$(git rev-parse HEAD)
set +e; "$SESSLINT" check -q --commit "$W" a.c b.c; set -e
set +e; SESSLINT_TEST_CRASH=b.c "$SESSLINT" check -q --no-cache --commit "$W" a.c b.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 3 ]] || fail "crashed TU exit $rc"; ok
last=$("$SESSLINT" query "SELECT max(id) FROM runs" --format csv | tail -1 | tr -d '\r')
"$SESSLINT" diff "#$((last - 1))" "#$last" --format json > f.json
[[ $(jq_ f.json "d['counts']['fixed'], d['counts']['not_analyzed']") == "(0, 1)" ]] \
  || fail "failed TU: $(cat f.json)"; ok

# shards of one commit are one run for findings, report, diff and the gate
rm -rf .sesslint
leaky d.c fd && leaky e.c fe && leaky f.c ff && leaky h.c fh
g add . && g commit -qm shards
S=$(git rev-parse HEAD)
files=(a.c b.c d.c e.c f.c h.c)
for k in 1 2; do
  set +e; "$SESSLINT" check -q --shard $k/2 "${files[@]}" 2>/dev/null; set -e
done
"$SESSLINT" findings --commit "$S" --format csv > fs.csv
[[ $(($(wc -l < fs.csv) - 1)) -eq 6 ]] || fail "findings of two shards: $(cat fs.csv)"; ok
"$SESSLINT" report "$S" --format json > rep.json
[[ $(jq_ rep.json "len(d['findings']), d['summary']['translation_units']") == "(6, 6)" ]] \
  || fail "report of two shards: $(head -c 600 rep.json)"; ok
set +e; "$SESSLINT" check --no-db -q --fail-on new --baseline "$S" "${files[@]}"; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "gate against two shards exit $rc"; ok
# one shard's run alone is half a run: the other half is not analyzed
set +e; "$SESSLINT" check -q --shard 1/2 --commit 1111111111111111111111111111111111111111 "${files[@]}" 2>/dev/null; set -e
"$SESSLINT" diff "$S" 1111111111111111111111111111111111111111 --format json > h.json
[[ $(jq_ h.json "d['counts']['fixed']") == 0 && $(jq_ h.json "d['counts']['not_analyzed']") -ge 1 ]] \
  || fail "diff with a missing shard: $(cat h.json)"; ok
"$SESSLINT" diff "$S" 1111111111111111111111111111111111111111 | grep -q "shard 1 of 2 (missing: 2)" \
  || fail "missing shard not named"; ok

echo "partial_runs: $pass checks passed"
