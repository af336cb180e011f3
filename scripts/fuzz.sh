#!/usr/bin/env bash
# Bounded fuzzing of ingest -> normalize -> segment -> tokenize -> classify -> link with proptest
# (cargo-fuzz needs a nightly toolchain, which this machine cannot fetch). Any failure proptest
# finds is shrunk to a minimal input and printed; add it to `edge_cases` in tests/properties.rs.
# Usage: scripts/fuzz.sh [cases per property, default 20000]
set -euo pipefail
cd "$(dirname "$0")/.."
PROPTEST_CASES=${1:-20000} cargo test --release --test properties -- --nocapture
