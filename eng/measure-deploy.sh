#!/usr/bin/env bash
# Measures one rolling deploy under load, against a simulator that runs (eng/run.sh): the load
# report drives virtual users through the proxy for --duration seconds while, from its 10th second,
# the Aspire CLI runs "Deploy new version" on the replicas. Change the app folder first: the deploy
# builds it as it is. Prints the deploy's result (total and per-replica times) and the report's
# table (requests, errors).
#   eng/measure-deploy.sh [--duration 180] [--url https://localhost:8443] [--ca PATH]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
duration=180 url=https://localhost:8443 ca=${XDG_DATA_HOME:-$HOME/.local/share}/sails-simulator/ca/ca.crt
while [ $# -gt 0 ]; do
  case $1 in
    --duration) duration=$2; shift 2 ;;
    --url) url=$2; shift 2 ;;
    --ca) ca=$2; shift 2 ;;
    *) echo "usage: eng/measure-deploy.sh [--duration SECONDS] [--url URL] [--ca PATH]" >&2; exit 2 ;;
  esac
done
# No usage telemetry from the CLI: traffic goes to loopback and the registries only.
export ASPIRE_CLI_TELEMETRY_OPTOUT=true DOTNET_CLI_TELEMETRY_OPTOUT=true
(cd "$root" && dotnet tool restore >/dev/null) || { echo "the Aspire CLI (.config/dotnet-tools.json) could not be restored" >&2; exit 2; }

out=$(mktemp -d)
dotnet run --project "$root/TrafficGenerator" -- report --duration "$duration" --concurrency 4 \
  --url "$url" --ca "$ca" --out "$out" > "$out/table.txt" 2> >(tee "$out/progress.txt" >&2) &
report=$!
trap 'kill $report 2>/dev/null || true' EXIT
# The deploy starts once the report prints its first progress line: its users are sending requests.
until grep -qE '^ +[0-9]+ s ' "$out/progress.txt" 2>/dev/null; do
  kill -0 $report 2>/dev/null || { echo "the load report ended before it started" >&2; exit 1; }
  sleep 1
done
started=$(date +%s)
(cd "$root" && dotnet aspire resource sails-1 deploy --apphost AppHost/AppHost.csproj --non-interactive) || deploy_failed=1
echo "deploy command took $(( $(date +%s) - started )) s"
wait $report
trap - EXIT
cat "$out/table.txt"
[ -z "${deploy_failed:-}" ]
