#!/usr/bin/env bash
# The SARIF of the whole corpus passes the official validator (the SARIF
# Multitool from npm, with the SARIF, GitHub and GitHub Advanced Security
# rule sets) with no error, and every result has a code flow and our
# fingerprint.  The run enables leak.exception, so that the Python findings
# of corpus/python (leak.exception among them) are validated too.  The validator is installed under the build tree on first use.
set -euo pipefail
: "${SESSLINT:?}" "${SESSLINT_SOURCE_DIR:?}" "${SESSLINT_BUILD_DIR:?}"
. "$SESSLINT_SOURCE_DIR/tests/lib/prereq.sh"
# The validator's version is pinned: a new release may judge the same file
# otherwise, and the result of this test must not change by itself.
mt_version=5.7.0
mt_dir="$SESSLINT_BUILD_DIR/sarif-multitool"
mt="$mt_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
mt_pkg="$mt_dir/node_modules/@microsoft/sarif-multitool/package.json"
if [[ ! -x "$mt" ]] || ! grep -q "\"version\": *\"$mt_version\"" "$mt_pkg" 2>/dev/null; then
  need_tools sarif_validate npm
  rm -rf "$mt_dir"
  if ! npm install --silent --no-audit --no-fund --prefix "$mt_dir" \
      "@microsoft/sarif-multitool@$mt_version" >/dev/null 2>&1; then
    prereq_missing sarif_validate "cannot install @microsoft/sarif-multitool $mt_version from npm"
  fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$SESSLINT_SOURCE_DIR"
"$SESSLINT" check --no-db -q --enable exception --format sarif -o "$work/corpus.sarif" corpus/ 2>/dev/null || true
[[ -s "$work/corpus.sarif" ]] || { echo "sarif_validate: no SARIF written" >&2; exit 1; }
set +e
"$mt" validate --rule-kind "Sarif;Gh;Ghas" "$work/corpus.sarif" -o "$work/validation.sarif" >"$work/mt.log" 2>&1
set -e
python3 - "$work/validation.sarif" "$work/corpus.sarif" <<'P'
import json, sys
v = json.load(open(sys.argv[1]))
errors = [r for run in v.get("runs", []) for r in run.get("results", []) if r.get("level") == "error"]
for e in errors:
    print("validator error:", e.get("ruleId"), e.get("message", {}).get("text", ""))
doc = json.load(open(sys.argv[2]))
results = doc["runs"][0]["results"]
assert len(results) > 100, len(results)
bad = [r for r in results if not r.get("codeFlows") or "sesslint/v1" not in r.get("partialFingerprints", {})]
uri = lambda r: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
py = [r for r in results if uri(r).endswith(".py")]
exc = [r for r in py if r["ruleId"] == "leak.exception"]
rules = [x["id"] for x in doc["runs"][0]["tool"]["driver"]["rules"]]
print(f"sarif_validate: {len(results)} results ({len(py)} in Python, {len(exc)} leak.exception), "
      f"{len(errors)} validator errors, {len(bad)} without code flow or fingerprint")
ok = not errors and not bad and len(py) >= 40 and exc and "leak.exception" in rules
sys.exit(0 if ok else 1)
P
echo "1 passed, 0 failed"
