#!/usr/bin/env bash
# Make docs/html-report.png: the HTML report of two corpus files, rendered
# by headless Chromium at 1280x1600.  The files are copied into a directory
# named "example" under a fresh temporary directory and analyzed from
# there, so the picture shows no path of the machine that made it (the
# report shows the root as "example"; the full path is only in the hover
# title).
#   scripts/docs-screenshot.sh [SESSLINT [OUT.png]]
# SESSLINT defaults to build/sesslint, OUT.png to docs/html-report.png;
# CHROMIUM overrides the browser (default /usr/bin/chromium).  The HTML is
# left beside OUT.png as OUT.html when KEEP_HTML=1.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
sesslint=$(realpath "${1:-$top/build/sesslint}")
out=$(realpath -m "${2:-$top/docs/html-report.png}")
chromium=${CHROMIUM:-/usr/bin/chromium}
[[ -x $sesslint ]] || { echo "docs-screenshot: no sesslint binary at $sesslint (build first)" >&2; exit 2; }
[[ -x $chromium ]] || { echo "docs-screenshot: no Chromium at $chromium (apt-get install chromium)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
proj=$tmp/example
mkdir -p "$proj/corpus/paths"
cp -r "$top/corpus/headers" "$proj/corpus/"
cp "$top/corpus/paths/partial_release.c" "$proj/corpus/paths/"

rc=0
(cd "$proj" && "$sesslint" check --no-db -q --format html -o "$tmp/report.html" \
   corpus/headers/client.c corpus/paths/partial_release.c) || rc=$?
[[ $rc -eq 1 ]] || { echo "docs-screenshot: sesslint check exited $rc, expected 1 (findings)" >&2; exit 1; }
grep -qF '<dt>Root</dt><dd><code title="'"$proj"'">example</code></dd>' "$tmp/report.html" ||
  { echo "docs-screenshot: the report does not show its root as 'example'" >&2; exit 1; }

timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --disable-background-networking --disable-component-update --disable-sync --no-first-run \
  --user-data-dir="$tmp/profile" --window-size=1280,1600 --screenshot="$tmp/shot.png" \
  "file://$tmp/report.html" >"$tmp/chromium.log" 2>&1 ||
  { cat "$tmp/chromium.log" >&2; echo "docs-screenshot: chromium failed" >&2; exit 1; }
[[ $(head -c 8 "$tmp/shot.png" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
  { echo "docs-screenshot: chromium wrote no PNG" >&2; exit 1; }
mv "$tmp/shot.png" "$out"
if [[ ${KEEP_HTML:-} == 1 ]]; then cp "$tmp/report.html" "${out%.png}.html"; fi
echo "docs-screenshot: wrote $out" >&2
