#!/usr/bin/env bash
# Prints the time from starting the AppHost to all-healthy: the moment it logs where the app
# is served (ConsoleContract.AppServedAt), which it does once every replica is healthy and the proxy is ready.
#   eng/measure-startup.sh          warm: images built, data volumes present
#   eng/measure-startup.sh --cold   cold: the app's images, the build cache and the data volumes removed first
# Extra arguments go to the AppHost (e.g. --Simulator:Replicas=1).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"

mode=warm
if [ "${1:-}" = --cold ]; then mode=cold; shift; fi

"$root/eng/provision.sh"
dotnet build "$root/AppHost" -nologo -v quiet >/dev/null

# A stopped AppHost's orchestrator removes its containers a few seconds after it exits.
wait_until_volumes_free() {
  for _ in $(seq 1 60); do
    [ -z "$(docker ps -aq --filter volume=sails-simulator-postgres-data --filter volume=sails-simulator-redis-data --filter volume=sails-simulator-storage-data)" ] && return
    sleep 1
  done
  fail "the simulator's volumes are still in use by containers; stop the running simulator first"
}

if [ "$mode" = cold ]; then
  wait_until_volumes_free
  docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^sails-simulator-app-[0-9a-f]+:' | xargs -r docker rmi -f >/dev/null
  # Layers shared with other images would otherwise make the app's build a cache hit.
  docker builder prune -af >/dev/null
  docker volume ls -q --filter name=sails-simulator- | xargs -r docker volume rm >/dev/null
fi

log=$(mktemp)
start=$(date +%s.%N)
dotnet run --no-build --project "$root/AppHost" -- "$@" >"$log" 2>&1 &
runner=$!
stop_apphost() { pkill -TERM -P "$runner" 2>/dev/null || true; wait "$runner" 2>/dev/null || true; }
trap stop_apphost EXIT

until grep -q "The Sails app is served at " "$log"; do
  kill -0 "$runner" 2>/dev/null || { tail -n 30 "$log" >&2; fail "the AppHost exited before all-healthy; log: $log"; }
  awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { exit !(n - s > 900) }' && fail "not all-healthy within 900 s; log: $log"
  sleep 0.2
done
awk -v s="$start" -v e="$(date +%s.%N)" -v m="$mode" 'BEGIN { printf "%s start to all-healthy: %.1f s\n", m, e - s }'
