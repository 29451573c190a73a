#!/usr/bin/env bash
# The three benchmarks of issue #6 in one go (about a quarter of an hour on 2 cores): ingestion, re-ingestion,
# query latency. Scale-out (bench/scaleout.sh) is separate.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
started=$(date +%s)
bash "$here/ingest.sh"
bash "$here/query.sh"
echo "benchmarks took $(( $(date +%s) - started )) s"
