#!/usr/bin/env bash
# Sharded runs (docs/ci.md): three shards of the corpus -- summaries
# exported by each, each checked with all three exports, the shard
# databases merged -- give exactly the findings of one unsharded run (same
# fingerprints, same count), cross-file cases included; without the
# exports they do not.  Shards are chosen by path, whatever the order of
# the compilation database; bad --shard values, summaries files and merges
# are refused with clear messages, and merge never loses what OUT held.
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
need_tools shards python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail() { echo "shards: FAIL: $*" >&2; exit 1; }
ok() { pass=$((pass + 1)); }
cd "$SESSLINT_SOURCE_DIR"
S="$SESSLINT"
J=(-j 2)
run() { set +e; "$@"; rc=$?; set -e; }

# ---- --shard validation
for bad in 0/3 4/3 3 /3 3/ x/3 1/0 -1/3 1/3x 1/10001; do
  run "$S" check --no-db --shard "$bad" corpus/posix 2>err.txt
  [[ $rc -eq 2 ]] || fail "--shard $bad exit $rc"
  grep -q -- "--shard" err.txt || fail "--shard $bad message: $(cat err.txt)"
done
rm -f err.txt; ok

# ---- the reference: one unsharded run over the corpus
run "$S" check "${J[@]}" -q --db "$work/all.db" --format json -o "$work/all.json" corpus
[[ $rc -eq 1 ]] || fail "unsharded check exit $rc"; ok

# ---- phase 1: each shard exports its summaries
for k in 1 2 3; do
  run "$S" summaries "${J[@]}" -q --shard $k/3 --export "$work/s$k.sum" corpus
  [[ $rc -eq 0 ]] || fail "summaries --shard $k/3 exit $rc"
  head -1 "$work/s$k.sum" | grep -q '^sesslint-summaries 2$' || fail "s$k.sum header"
done
ok
# ---- phase 2: each shard is checked with every export
for k in 1 2 3; do
  run "$S" check "${J[@]}" --db "$work/c$k.db" --shard $k/3 --format json -o "$work/c$k.json" \
    corpus --summaries "$work/s1.sum" "$work/s2.sum" "$work/s3.sum" 2>"$work/c$k.err"
  [[ $rc -eq 1 ]] || fail "check --shard $k/3 exit $rc: $(cat "$work/c$k.err")"
done
ok
# ---- phase 3: merge
run "$S" merge "$work/merged.db" "$work/c1.db" "$work/c2.db" "$work/c3.db" 2>"$work/m.err"
[[ $rc -eq 0 ]] || fail "merge exit $rc: $(cat "$work/m.err")"; ok
grep -q "merged 3 of 3 shards" "$work/m.err" || fail "merge message: $(cat "$work/m.err")"; ok

fps() { "$S" findings --db "$1" --format csv | tail -n +2 | cut -d, -f1 | sort; }
fps "$work/all.db" > "$work/all.fp"
fps "$work/merged.db" > "$work/merged.fp"
n=$(wc -l < "$work/all.fp")
[[ $n -gt 100 ]] || fail "the unsharded run found only $n findings"; ok
diff "$work/all.fp" "$work/merged.fp" >/dev/null || fail "merged run differs from the unsharded one: $(diff "$work/all.fp" "$work/merged.fp" | head)"; ok
# the shards are a partition of the translation units
python3 - "$work" <<'PY' || fail "shards do not partition the translation units"
import json, sys
w = sys.argv[1]
alltus = sorted(t['file'] for t in json.load(open(w + '/all.json'))['translation_units'])
parts = [sorted(t['file'] for t in json.load(open('%s/c%d.json' % (w, k)))['translation_units']) for k in (1, 2, 3)]
assert all(parts), "an empty shard"
assert sorted(sum(parts, [])) == alltus
PY
ok
# the merged run is one run: the same report and no diff
"$S" report --db "$work/merged.db" latest --format json > "$work/mr.json"
python3 - "$work" <<'PY' || fail "report of the merged run"
import json, sys
w = sys.argv[1]
a = json.load(open(w + '/all.json')); m = json.load(open(w + '/mr.json'))
assert len(a['findings']) == len(m['findings'])
assert m['summary']['translation_units'] == a['summary']['translation_units']
PY
ok
# every stored shard under one commit is one logical run already: findings
# of shard 1's database alone is a third; diff between the unsharded run
# and the merged one is empty
cp "$work/merged.db" "$work/both.db"
run "$S" check "${J[@]}" -q --db "$work/both.db" --no-cache --format json -o /dev/null corpus 2>/dev/null
"$S" diff --db "$work/both.db" '#1' '#2' --format json > "$work/d.json"
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); c=d['counts']; assert c['new']==0 and c['fixed']==0 and c['not_analyzed']==0, c" "$work/d.json" \
  || fail "diff merged vs unsharded: $(head -c 400 "$work/d.json")"; ok

# ---- without the exports the cross-file cases differ (the test can fail)
for k in 1 2 3; do
  run "$S" check "${J[@]}" -q --no-db --shard $k/3 --format json -o "$work/n$k.json" corpus 2>/dev/null
done
python3 - "$work" <<'PY' || fail "shards without summaries gave the same findings: the corpus has no cross-shard case"
import json, sys
w = sys.argv[1]
a = sorted(f['fingerprint'] for f in json.load(open(w + '/all.json'))['findings'])
n = sorted(f['fingerprint'] for k in (1, 2, 3) for f in json.load(open('%s/n%d.json' % (w, k)))['findings'])
assert a != n
PY
ok

# ---- shards do not depend on the order of the compilation database
mkdir -p "$work/fwd" "$work/rev"
python3 - "$work" "$SESSLINT_SOURCE_DIR" <<'PY'
import json, os, sys
w, src = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(src, 'corpus/posix', f) for f in os.listdir(os.path.join(src, 'corpus/posix')) if f.endswith('.c'))
entries = [{"directory": src, "file": f, "arguments": ["cc", "-c", f]} for f in files]
json.dump(entries, open(w + '/fwd/compile_commands.json', 'w'))
json.dump(entries[::-1], open(w + '/rev/compile_commands.json', 'w'))
PY
for d in fwd rev; do
  for k in 1 2; do
    "$S" check -q --no-db --shard $k/2 -p "$work/$d" --format json -o "$work/$d$k.json" 2>/dev/null || true
  done
done
python3 - "$work" <<'PY' || fail "shards depend on the order of compile_commands.json"
import json, sys
w = sys.argv[1]
tus = lambda p: sorted(t['file'] for t in json.load(open(p))['translation_units'])
for k in (1, 2):
    assert tus('%s/fwd%d.json' % (w, k)) == tus('%s/rev%d.json' % (w, k))
assert tus(w + '/fwd1.json') and tus(w + '/fwd2.json')
PY
ok

# ---- summaries files that are wrong or corrupt
printf 'hello\n' > "$work/bad.sum"
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/bad.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "bad.sum: not a sesslint summaries file" "$work/e.txt" || fail "garbage file: $rc $(cat "$work/e.txt")"; ok
sed '2s/^R\t./R\tX/' "$work/s1.sum" > "$work/changed.sum"
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/changed.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "changed.sum: corrupt summaries file" "$work/e.txt" || fail "changed file: $rc $(cat "$work/e.txt")"; ok
head -c 2000 "$work/s1.sum" > "$work/cut.sum"
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/cut.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "cut.sum: corrupt summaries file" "$work/e.txt" || fail "cut file: $rc $(cat "$work/e.txt")"; ok
sed '1s/ [0-9]*$/ 9/' "$work/s1.sum" > "$work/v9.sum"
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/v9.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "v9.sum: summaries file version 9" "$work/e.txt" || fail "version: $rc $(cat "$work/e.txt")"; ok
run "$S" check --no-db --shard 1/3 --enable memory corpus/posix --summaries "$work/s1.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "s1.sum: exported with other rules" "$work/e.txt" || fail "other rules: $rc $(cat "$work/e.txt")"; ok
run "$S" check --no-db --shard 1/3 --unknown-calls=borrow corpus/posix --summaries "$work/s1.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "s1.sum: exported with other analysis options" "$work/e.txt" || fail "other options: $rc $(cat "$work/e.txt")"; ok
# a candidate group's lines come after its G line: a y line first is refused
# (the checksum made again, so that only the order is wrong)
python3 - "$work/s1.sum" "$work/order.sum" <<'PY'
import hashlib, sys
lines = open(sys.argv[1]).read().split('\n')[:-2]  # without the E line
y = next(i for i, l in enumerate(lines) if l.startswith('y\t'))
lines.insert(2, lines.pop(y))  # before every G line
body = '\n'.join(lines) + '\n'
open(sys.argv[2], 'w').write(body + 'E\t' + hashlib.sha256(body.encode()).hexdigest() + '\n')
PY
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/order.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "order.sum:3: a candidate line before any group" "$work/e.txt" || fail "y before G: $rc $(cat "$work/e.txt")"; ok
run "$S" check --no-db --shard 1/3 corpus/posix --summaries "$work/missing.sum" 2>"$work/e.txt"
[[ $rc -eq 2 ]] && grep -q "missing.sum" "$work/e.txt" || fail "missing file: $rc $(cat "$work/e.txt")"; ok

# ---- merges that are refused leave OUT as it was
cp "$work/all.db" "$work/keep.db"
before=$("$S" runs --db "$work/keep.db" --format csv | wc -l)
refuse() { # refuse PATTERN IN...
  local pat=$1; shift
  run "$S" merge "$work/keep.db" "$@" 2>"$work/e.txt"
  [[ $rc -eq 2 ]] && grep -q -- "$pat" "$work/e.txt" || fail "merge $*: $rc $(cat "$work/e.txt")"
}
refuse "shard 1/3 is given twice" "$work/c1.db" "$work/c1.db" "$work/c2.db"
refuse "shard 3/3 is missing" "$work/c1.db" "$work/c2.db"
refuse "was not taken with --shard" "$work/all.db" "$work/c1.db"
printf 'not a database at all, not even close....................................................' > "$work/junk.db"
refuse "junk.db: not a sesslint database or corrupt" "$work/c1.db" "$work/junk.db"
# a shard of another commit
run "$S" check -q "${J[@]}" --db "$work/other.db" --commit 2222222222222222222222222222222222222222 --shard 3/3 \
  corpus --summaries "$work/s1.sum" "$work/s2.sum" "$work/s3.sum" 2>/dev/null
refuse "is of commit 222222222222" "$work/c1.db" "$work/c2.db" "$work/other.db"
[[ $("$S" runs --db "$work/keep.db" --format csv | wc -l) -eq $before ]] || fail "a refused merge changed OUT"; ok
# --partial stores an incomplete run, and OUT keeps its earlier runs
run "$S" merge -q --partial "$work/keep.db" "$work/c1.db" "$work/c2.db"
[[ $rc -eq 0 ]] || fail "merge --partial exit $rc"; ok
[[ $("$S" runs --db "$work/keep.db" --format csv | wc -l) -eq $((before + 1)) ]] || fail "OUT lost runs"; ok
"$S" query --db "$work/keep.db" "SELECT status FROM runs ORDER BY id DESC LIMIT 1" | grep -q incomplete \
  || fail "partial merge not incomplete"; ok

echo "shards: $pass checks passed"
