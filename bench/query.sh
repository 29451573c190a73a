#!/usr/bin/env bash
# Benchmark 3: query latency p50/p95/p99 for bm25, dense and hybrid through the gateway and as raw store calls,
# at 10k and 100k chunks, and the gateway's memory per chunk. Prints figures and writes bench/results/query.json.
# Arguments pass through (--sizes 10000,100000,1000000 --queries 200 --dataset DIR).
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" query "$@"
