#!/usr/bin/env bash
# Builds and runs one benchmark of bench/Ingestion.Bench in Release: bench.sh ingest|query|recall|relevance [arguments].
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/eng/prepare.sh"
cd "$root"
dotnet build bench/Ingestion.Bench -c Release -nologo -v q >&2
dotnet run -c Release --no-build --project bench/Ingestion.Bench -- "$@"
