#!/usr/bin/env bash
# Ingestion throughput with 1, 2 and 3 embedding worker processes on this machine; prints a table and
# writes bench/results/scaleout.json. Arguments pass through (--workers 1,2,3 --documents 400).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
Embeddings__ModelPath="$(bash "$root/eng/prepare.sh")"
export Embeddings__ModelPath
cd "$root"
dotnet build AppHost -c Release -nologo -v q >&2
dotnet run -c Release --project bench/Ingestion.Bench.ScaleOut -- "$@"
