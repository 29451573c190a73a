#!/usr/bin/env bash
# Runs every test: unit tests, integration tests that start real Redis and RabbitMQ through the AppHost,
# and the dashboard's tests in headless Chromium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bash "$root/eng/prepare.sh"
# The dashboard's tests drive a real browser.
bash "$root/eng/install-browser.sh"
# The evaluation's figures are checked against ../shared/evaldata/trec_eval.py.
command -v python3 >/dev/null || bash "$root/eng/apt-install.sh" python3

cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet build Ingestion.sln -nologo 2>&1 | tee "$log" || status=$?
# One test project at a time: the integration and dashboard tests each start a whole system, and on two cores
# systems started side by side starve each other's timeouts.
if [ "$status" -eq 0 ]; then
  for project in tests/*/*Tests.csproj; do
    [ -f "$project" ] || continue
    dotnet test "$project" --no-build -nologo 2>&1 | tee -a "$log" || status=$?
  done
fi

# One closing line over all test assemblies.
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "test: no test ran" >&2
  exit 1
fi
exit "$status"
