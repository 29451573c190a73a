#!/usr/bin/env bash
# Runs the sample (samples/README.md): its own AppHost with the whole system (AddIngestion) and a small app on the
# typed client and the MCP tools. Installs the servers if needed. Ctrl+C stops everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bash "$root/eng/prepare.sh"

cd "$root"
dotnet build samples/Ingestion.Sample.AppHost -c Release -nologo -v quiet
exec dotnet run --project samples/Ingestion.Sample.AppHost -c Release --no-build -- "$@"
