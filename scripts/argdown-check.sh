#!/usr/bin/env bash
# Parses argmine's Argdown with the real Argdown CLI (issue 24): @argdown/cli 1.7.5 from npm
# (installed into the git-ignored .npm-argdown/ on first use; it runs on Debian's node 18-20),
# over the 204 Milestones essays and a file of hostile text (Argdown syntax, YAML, shortcodes,
# backslashes, a colon in the id). For every document the CLI's JSON must have exactly the
# statements and relations the CSV maps say (linked units and unlinked argumentative units; one
# relation per link, support or attack as written) and each statement's text must be the unit's
# text (line breaks as spaces) followed by its role tag. Exit 1 on any difference.
#
# usage: scripts/argdown-check.sh   (from anywhere; about a minute on 2 cores, plus the install)
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=.npm-argdown
cli=$prefix/node_modules/.bin/argdown
if [[ ! -x $cli ]]; then
  npm install --silent --no-audit --no-fund --prefix "$prefix" @argdown/cli@1.7.5 > /dev/null
fi
bin=${ARGMINE:-target/release/argmine}
[[ -x $bin ]] || cargo build --release --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
cp ../shared/corpora/state-milestones/txt/*.txt "$work/in/"
cat > "$work/in/hostile: [x] #y.txt" <<'TEXT'
Hostile text: the J.P. Morgan {{7*7}} payload shows why [brackets] and <angles> must be escaped.

* A leading star, _underscores_, **bold**, @[mention] and #hashtags all mean something to Argdown.
+ A leading plus is a relation; - a leading minus is one too; a backslash \ stays a backslash.
Critics argued that {"yaml": true} and ---- rules were harmless. They were not, the report found.
TEXT
"$bin" mine "$work/in" --out "$work/out" --format csv,argdown --csv-raw --quiet
# A file with a syntax error gets no JSON: the comparison below names it (the CLI's own messages
# are in $work/cli.log, shown on failure).
"$cli" json "$work/out/argdown/*.argdown" "$work/json" > "$work/cli.log" 2>&1 || true
set +e
python3 - "$work/out" "$work/json" <<'PY'
import csv, json, os, sys
out, js = sys.argv[1:]
units, links = {}, {}
with open(os.path.join(out, "sentences.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        units.setdefault(r["doc_id"], {})[r["sent_id"]] = r
with open(os.path.join(out, "links.csv"), newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        links.setdefault(r["doc_id"], []).append(r)
bad = checked = 0
for doc, us in sorted(units.items()):
    ls = links.get(doc, [])
    linked = {x for l in ls for x in (l["source"], l["target"])}
    want = {i for i, u in us.items() if i in linked or u["role"] != "none"}
    path = os.path.join(js, doc + ".json")
    checked += 1
    if not os.path.exists(path):
        print(f"argdown-check: {doc}: the Argdown CLI wrote no JSON (a syntax error?)"); bad += 1; continue
    d = json.load(open(path, encoding="utf-8"))
    got = {k[1:]: v for k, v in d["statements"].items()}
    problems = []
    if set(got) != want:
        problems.append(f"statements {sorted(set(got) ^ want)[:5]} differ")
    for i in want & set(got):
        u = us[i]
        text = " ".join(u["text"].replace("\r", " ").replace("\t", " ").split("\n"))
        if got[i]["members"][0]["text"] != f"{text} #{u['role']}":
            problems.append(f"s{i}'s text came back as {got[i]['members'][0]['text']!r}")
    rels = sorted((r["from"][1:], r["to"][1:], r["relationType"]) for r in d["relations"])
    exp = sorted((l["source"], l["target"], l["relation"]) for l in ls)
    if rels != exp:
        problems.append(f"{len(rels)} relations for {len(exp)} links")
    if problems:
        bad += 1
        print(f"argdown-check: {doc}: " + "; ".join(problems[:3]))
print(f"argdown-check: {checked} documents read by @argdown/cli 1.7.5, {bad} rejected or different")
sys.exit(1 if bad or checked < 205 else 0)
PY
status=$?
if (( status != 0 )); then
  echo "argdown-check: the CLI's first messages:" >&2
  grep -m 5 -A 2 "syntax errors" "$work/cli.log" >&2 || head -20 "$work/cli.log" >&2
fi
exit $status
