#!/usr/bin/env bash
# Runs the simulator: provisions what is missing (engine, images), then the AppHost.
# Arguments go to the AppHost, e.g. eng/run.sh --Simulator:Replicas=2
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/eng/provision.sh"
exec dotnet run --project "$root/AppHost" -- "$@"
