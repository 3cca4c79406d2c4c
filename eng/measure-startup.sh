#!/usr/bin/env bash
# Where a start's seconds go. Prints the time from starting the AppHost to all-healthy (the moment
# it logs where the app is served, ConsoleContract.AppServedAt, once every replica is healthy and
# the proxy is ready); when each resource's container was created, ran, turned healthy or exited
# (the AppHost's timeline, ConsoleContract.StartupTimeline); then the critical path's floor, each
# part timed alone (Postgres ready, the migration, one replica lifting alone on the running
# topology, nginx's start), and the ratio of the start to it.
#   eng/measure-startup.sh          warm: images built, data volumes present
#   eng/measure-startup.sh --cold   cold: the app's images, the build cache and the data volumes removed first
# Extra arguments go to the AppHost (e.g. --Simulator:Replicas=1). It uses free loopback ports of its own.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"
source "$root/eng/simulator-run.sh"

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
  # The AppHost removes its tags when it stops, so there may be none left to remove.
  docker images --format '{{.Repository}}:{{.Tag}}' | { grep -E '^sails-simulator-app-[0-9a-f]+:' || true; } | xargs -r docker rmi -f >/dev/null
  # Layers shared with other images would otherwise make the app's build a cache hit.
  docker builder prune -af >/dev/null
  docker volume ls -q --filter name=sails-simulator- | xargs -r docker volume rm >/dev/null
fi

log=$(mktemp)
trap stop_simulator EXIT
start_simulator "$log" "$@"
wait_all_healthy
echo "$mode start to all-healthy: $healthy_after s"
print_timeline
measure_floor
awk -v s="$healthy_after" -v f="$floor" 'BEGIN { printf "start / floor: %.2f\n", s / f }'
