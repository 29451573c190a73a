#!/usr/bin/env bash
# How the gateway's ranking settings were chosen: each leg alone, chunks fused (a document where its best chunk is),
# and documents ranked as documents over windows, weights and BM25's parameters, then the gateway's grouped search with
# its defaults; nDCG@10 and Recall@100 on SciFact's TRAINING queries (../shared/evaldata/scifact-train), never the
# test queries. Indexes the corpus as the system does the first time (about 4 minutes on 2 cores; kept in .data-bench/),
# then about 2 minutes. Prints figures and writes bench/results/relevance.json. Arguments pass through (--dataset DIR).
exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" relevance "$@"
