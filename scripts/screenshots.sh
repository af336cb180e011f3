#!/usr/bin/env bash
# The README's screenshots of the HTML report (docs/report*.png, docs/index.png): the seed article
# mined with the default model and drawn by Debian's headless Chromium in a 1,400 x 900 window,
# with sentence 34 selected (its chain to the main claim highlighted); opened at #unit=34 (the map
# zoomed to that chain); and the index of a small batch with a failed document. Usage: bash scripts/screenshots.sh (after cargo build --release).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/argmine
[ -x "$bin" ] || { echo "screenshots: cargo build --release first" >&2; exit 1; }
command -v chromium >/dev/null || { echo "screenshots: apt-get install chromium" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/in"
cp corpus/000_6308da54c4a726a2.txt "$tmp/in/"
printf 'BROKEN\n\n\xff not text\n' > "$tmp/in/broken.txt"
"$bin" mine -q "$tmp/in" --out "$tmp/out" --format html || true
shot() {
  chromium --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$tmp/profile" --window-size="$3" --screenshot="$1" "$2" 2>/dev/null
}
page="file://$tmp/out/html/000_6308da54c4a726a2.html"
shot docs/report.png "$page#selftest=34" 1400,900
# A link to unit 34: selected, and the map zoomed to its chain.
shot docs/report-unit.png "$page#unit=34" 1400,900
shot docs/index.png "file://$tmp/out/html/index.html" 1000,260
ls -l docs/report.png docs/report-unit.png docs/index.png
