#!/usr/bin/env bash
# Benchmarks 1 and 2: ingestion chunks/s from publish to searchable against the bare encoder on the same chunk
# texts, then re-ingestion of the corpus with ~10% of chunks changed against the cold run. Prints figures and
# writes bench/results/ingest.json. Arguments pass through (--documents 600 --dataset DIR).
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" ingest "$@"
