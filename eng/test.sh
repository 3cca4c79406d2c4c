#!/usr/bin/env bash
# Runs every test: provisions what is missing, then the sample app's own `npm test`,
# then the .NET suite (component and topology tests), with TRX results in TestResults/.
# Arguments go to `dotnet test`, e.g. eng/test.sh --filter "FullyQualifiedName~Topology"
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"
"$root/eng/provision.sh"

# Testcontainers' resource reaper (Ryuk) has no image where no registry answers.
if [ -f "$root/AppHost/appsettings.images.json" ]; then
  export TESTCONTAINERS_RYUK_DISABLED=true
fi

app="$root/sample-sails-app"
if [ -f "$app/package.json" ]; then
  step "sample-sails-app: npm test"
  (cd "$app" && npm ci --no-audit --no-fund --loglevel=error && npm test)
fi

results="$root/TestResults"
rm -rf "$results"
step ".NET tests (results in $results)"
status=0
dotnet test "$root/Simulator.sln" --logger "trx;LogFileName=simulator.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

trx=$(find "$results" -name '*.trx' 2>/dev/null | head -n 1)
if [ -n "$trx" ]; then
  passed=$(grep -o 'passed="[0-9]*"' "$trx" | head -n 1 | tr -dc 0-9)
  failed=$(grep -o 'failed="[0-9]*"' "$trx" | head -n 1 | tr -dc 0-9)
  echo "tests: ${passed:-0} passed, ${failed:-0} failed"
fi
exit "$status"
