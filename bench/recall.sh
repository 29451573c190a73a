#!/usr/bin/env bash
# Recall@10 of the approximate dense legs (int8; 1-bit codes then int8) against exact search on every SciFact chunk's
# own embedding, queried with document titles (about 5 minutes on 2 cores, most of it embedding the corpus). Prints
# figures and writes bench/results/recall.json. Arguments pass through (--queries 200 --dataset DIR).
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" recall "$@"
