#!/usr/bin/env bash
# all-MiniLM-L6-v2-int8 against all-MiniLM-L6-v2 (fp32) in one run: chunks per second on the same chunk texts the
# worker embeds, query embedding p50/p99, and the cosine of each int8 vector to its fp32 one; the two take turns for
# three rounds, and each round's ratio is printed. About 4 minutes on 2 cores. Writes bench/results/encoder.json.
# Arguments pass through (--documents 600 --queries 300 --rounds 3 --dataset DIR).
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" encoder "$@"
