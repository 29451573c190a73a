#!/usr/bin/env bash
# Ingestion throughput with 1, 2 and 3 embedding worker processes on this machine; prints tables and
# writes bench/results/scaleout*.json. Without arguments it measures twice: every worker free to use every
# core, then each worker limited to one core (a worker per one-core machine). Arguments pass through
# (--workers 1,2,3 --documents 400 --cores-per-worker 1) and make it one measurement.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/eng/prepare.sh"
cd "$root"
dotnet build AppHost -c Release -nologo -v q >&2
if [ "$#" -gt 0 ]; then
  dotnet run -c Release --project bench/Ingestion.Bench.ScaleOut -- "$@"
else
  dotnet run -c Release --project bench/Ingestion.Bench.ScaleOut
  dotnet run -c Release --project bench/Ingestion.Bench.ScaleOut -- --cores-per-worker 1
fi
