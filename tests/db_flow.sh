#!/usr/bin/env bash
# End-to-end: sesslint check stores runs per commit in a temporary git
# repository; diff, the CI gate and fingerprints behave as docs/db.md says;
# summaries stored by one run serve the next (files analyzed in separate
# runs give the findings of one combined run).
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools db_flow git python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0
fail() { echo "db_flow: FAIL: $*" >&2; exit 1; }
ok() { pass=$((pass + 1)); }
git init -q repo && cd repo
g() { git -c user.name=sesslint-test -c user.email=test@example.invalid "$@"; }
json_field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))" "$@"; }

cat > net.c <<'C'
#include <curl/curl.h>
int fetch(const char *url)
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
g add . && g commit -qm "first"
set +e; "$SESSLINT" check -q net.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "first check exit $rc"; ok
[[ -f .sesslint/findings.db ]] || fail "default database not created"; ok

# lines added above, the function re-indented, another leak added
{ printf '/* a header comment\n   spanning lines */\n#include <stdio.h>\n\n'; sed 's/^    /        /' net.c;
  cat <<'C'
int dump(const char *p)
{
    FILE *f = fopen(p, "r");
    if (!f)
        return -1;
    return fgetc(f);
}
C
} > net2.c && mv net2.c net.c
g commit -qam "second"
set +e; "$SESSLINT" check --fail-on new --baseline HEAD~1 net.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "gate on one new finding exit $rc: $(cat err.txt)"; ok
grep -q "1 new finding relative to HEAD~1" err.txt || fail "gate message: $(cat err.txt)"; ok
"$SESSLINT" diff HEAD~1 HEAD --format json > diff.json
[[ $(json_field diff.json "len(d['new'])") == 1 ]] || fail "new: $(cat diff.json)"; ok
[[ $(json_field diff.json "len(d['unchanged'])") == 1 ]] || fail "moved and re-indented finding must be unchanged"; ok
[[ $(json_field diff.json "len(d['fixed'])") == 0 ]] || fail "fixed"; ok
[[ $(json_field diff.json "d['new'][0]['rule']") == leak.resource ]] || fail "new rule"; ok

# the handle renamed: the fingerprint changes (new + fixed)
sed -i 's/CURL \*h = /CURL *conn = /; s/(!h)/(!conn)/; s/setopt(h,/setopt(conn,/; s/cleanup(h)/cleanup(conn)/' net.c
g commit -qam "third"
"$SESSLINT" check -q net.c 2>/dev/null || true
"$SESSLINT" diff HEAD~1 HEAD --format json > diff.json
[[ $(json_field diff.json "len(d['new'])") == 1 && $(json_field diff.json "len(d['fixed'])") == 1 ]] \
  || fail "renamed handle must be new+fixed: $(cat diff.json)"; ok

# both fixed
sed -i 's/        return -2;/        { curl_easy_cleanup(conn); return -2; }/; s/    return fgetc(f);/    int c = fgetc(f);\n    fclose(f);\n    return c;/' net.c
g commit -qam "fourth"
set +e; "$SESSLINT" check -q net.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "fixed tree exit $rc"; ok
"$SESSLINT" diff HEAD~1 HEAD --format json > diff.json
[[ $(json_field diff.json "len(d['fixed'])") == 2 ]] || fail "fixed: $(cat diff.json)"; ok

# a baseline with no stored run
set +e; "$SESSLINT" check -q --fail-on new --baseline 0000000 net.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 2 ]] || fail "missing baseline exit $rc"; ok
set +e; "$SESSLINT" check -q --fail-on new --baseline HEAD~3 --baseline-missing=all-new net.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "all-new on a clean tree exit $rc"; ok

# inline suppression
cat > sup.c <<'C'
#include <stdio.h>
int peek(const char *p)
{
    FILE *f = fopen(p, "r");
    if (!f)
        return -1;
    // sesslint: ignore[leak.resource] handed to the atexit list elsewhere
    return fgetc(f);
}
C
set +e; "$SESSLINT" check -q --no-db sup.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "suppressed finding still fails: $(cat err.txt)"; ok

# a suppression names its rule: one for another rule hides nothing
sed 's/ignore\[leak.resource\]/ignore[leak.session]/' sup.c > sup_other.c
set +e; "$SESSLINT" check -q --no-db sup_other.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 1 ]] && grep -q "sup_other.c:8:.*\[leak.resource\]" err.txt \
  || fail "a suppression for another rule hid the finding: $(cat err.txt)"; ok

# --fail-on any (the default) and none, as the workflows in docs/ci.md use them
set +e; "$SESSLINT" check -q --no-db --fail-on any sup_other.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "--fail-on any with a finding exit $rc"; ok
set +e; "$SESSLINT" check -q --no-db --fail-on none sup_other.c 2>/dev/null; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "--fail-on none exit $rc"; ok

# --commit names the run; --baseline by run id and latest
cp sup_other.c gate.c
"$SESSLINT" check -q --fail-on none --commit feedface0000 gate.c 2>/dev/null
"$SESSLINT" runs --format json > runs.json
[[ $(json_field runs.json "d[-1]['commit_hash']") == feedface0000 ]] || fail "--commit: $(cat runs.json)"; ok
last=$(json_field runs.json "d[-1]['run']")
set +e; "$SESSLINT" check -q --fail-on new --baseline "#$last" gate.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "--baseline #$last: nothing new, exit $rc: $(cat err.txt)"; ok
set +e; "$SESSLINT" check -q --fail-on new --baseline latest gate.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 0 ]] || fail "--baseline latest: nothing new, exit $rc: $(cat err.txt)"; ok
cat >> gate.c <<'C'
int more(const char *p)
{
    FILE *g = fopen(p, "r");
    return g ? 0 : -1;
}
C
set +e; "$SESSLINT" check -q --fail-on new --baseline "#$last" gate.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 1 ]] || fail "--baseline #$last with a new finding exit $rc: $(cat err.txt)"; ok

# the pre-commit hook of docs/ci.md: no run stored for HEAD yet, every
# finding is new, and a leaking change is refused
g add gate.c && g commit -qm "gate"
set +e; "$SESSLINT" check -q --fail-on new --baseline HEAD --baseline-missing=all-new gate.c 2>err.txt
rc=$?; set -e
[[ $rc -eq 1 ]] || fail "pre-commit with findings and no baseline run exit $rc: $(cat err.txt)"; ok

# summaries shared through the database: separate runs == one run
mkdir ip && cp -r "$SESSLINT_SOURCE_DIR/corpus/interproc/." ip/
"$SESSLINT" check -q --no-db --format json ip/client.c ip/net.c ip/app.c > together.json 2>/dev/null || true
"$SESSLINT" check -q --db sep.db --format json ip/client.c ip/net.c > part1.json 2>/dev/null || true
"$SESSLINT" check -q --db sep.db --format json ip/app.c > part2.json 2>/dev/null || true
python3 - <<'P' || fail "separate runs differ from one run"
import json
t = json.load(open("together.json"))["findings"]
s = json.load(open("part1.json"))["findings"] + json.load(open("part2.json"))["findings"]
key = lambda f: (f["file"], f["line"], f["rule"], f["fingerprint"])
a, b = sorted(map(key, t)), sorted(map(key, s))
assert a == b, (a, b)
assert len(a) == 7, a
P
ok

# --jobs: the same findings for one worker and for two
"$SESSLINT" check -q --no-db --jobs 1 --format json ip/ > j1.json 2>/dev/null || true
"$SESSLINT" check -q --no-db --jobs 2 --format json ip/ > j2.json 2>/dev/null || true
python3 - <<'P' || fail "--jobs 1 and --jobs 2 differ"
import json
key = lambda f: (f["file"], f["line"], f["rule"], f["fingerprint"])
a = sorted(map(key, json.load(open("j1.json"))["findings"]))
b = sorted(map(key, json.load(open("j2.json"))["findings"]))
assert a == b and len(a) == 7, (a, b)
P
ok

# what was learned, and the rule file made of it
"$SESSLINT" summaries --db sep.db > learned.txt
grep -q "^net_open  (ip/net.c:" learned.txt || fail "summaries: $(cat learned.txt)"; ok
grep -q "returns an owned curl.easy handle (session)" learned.txt || fail "summaries acquirer"; ok
grep -q "session_close.*" learned.txt && grep -q "releases parameter 0 on some paths only" learned.txt \
  || fail "summaries partial releaser"; ok
grep -q "stores parameter 1 into field 'curl' of parameter 0" learned.txt || fail "summaries transfer"; ok
"$SESSLINT" summaries --db sep.db --format yaml -o learned.yaml
"$SESSLINT" report latest --db sep.db --format html -o run.html
grep -q "acquired by net_open()" run.html || fail "stored run as html"; ok
"$SESSLINT" rules check learned.yaml >/dev/null || fail "learned rules do not validate"; ok
# pinned, the learned rules find the same wrapper leak without the wrappers' bodies
set +e; "$SESSLINT" check -q --no-db --rules learned.yaml ip/app.c 2>err.txt; rc=$?; set -e
[[ $rc -eq 1 ]] && grep -q "acquired by net_open()" err.txt || fail "pinned learned rules: $(cat err.txt)"; ok
echo "db_flow: $pass passed, 0 failed"
