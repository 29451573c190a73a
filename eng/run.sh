#!/usr/bin/env bash
# Runs the whole system on this machine: installs the servers if needed,
# builds, and starts the AppHost (Redis, RabbitMQ, worker, gateway). Ctrl+C stops everything.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bash "$root/eng/prepare.sh"

cd "$root"
dotnet build AppHost -c Release -nologo -v quiet
exec dotnet run --project AppHost -c Release --no-build -- "$@"
