#!/usr/bin/env bash
# Runs the whole system on this machine: installs the servers if needed, fetches the model,
# builds, and starts the AppHost (Redis, RabbitMQ, worker, gateway). Ctrl+C stops everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

Embeddings__ModelPath="$(bash "$root/eng/prepare.sh")"
export Embeddings__ModelPath

cd "$root"
dotnet build AppHost -c Release -nologo -v quiet
exec dotnet run --project AppHost -c Release --no-build -- "$@"
