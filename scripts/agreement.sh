#!/usr/bin/env bash
# Inter-annotator agreement of the 2026-12-04 annotation round (issue 22), written to eval/:
#   agreement-second-essays / -speeches: the first annotation (annotations/genre, annotations/ungdc)
#     against the independent second annotation (annotations/second), the shared documents only;
#   agreement-second-all: both together (the twelve doubly annotated documents);
#   agreement-check: the founding engineer's essays against their blind re-annotation (annotations/check).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${ARGMINE_BIN:-target/release/argmine}
"$bin" agree annotations/genre annotations/second --common --report eval/agreement-second-essays
"$bin" agree annotations/ungdc annotations/second --common --report eval/agreement-second-speeches
"$bin" agree annotations/genre annotations/check --common --report eval/agreement-check
# The twelve together: the first annotations of annotations/second's documents, gathered.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/first"
for f in annotations/second/*.json; do
  n=$(basename "$f")
  if [ -e "annotations/genre/$n" ]; then cp "annotations/genre/$n" "$tmp/first/"; else cp "annotations/ungdc/$n" "$tmp/first/"; fi
done
"$bin" agree "$tmp/first" annotations/second > eval/agreement-second-all.txt
