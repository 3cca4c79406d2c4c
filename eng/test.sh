#!/usr/bin/env bash
# Runs the suite in tiers, one after another, fast first so a broken build or rule fails in
# seconds: fast (no container engine: the sample app's and the object store's `npm test` on the
# image catalog's Node, eng/node.sh; the .NET fast tier),
# components (single containers), topology (the shared topology), apps (a fresh `sails new`
# app in its own topology), rollouts (deploys of a changed copy of the sample app, in its own
# topology), swarm (the published stack on a Docker Swarm). Heavy tiers never overlap, so no
# topology starves another.
#   eng/test.sh                        every tier
#   eng/test.sh --tier fast            one tier (fast, components, topology, apps, rollouts or swarm)
#   eng/test.sh --filter "FullyQualifiedName~Socket"   the matching tests of every tier
# TRX results go to TestResults/<tier>.trx; the output ends with their sum and each failed test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"

tiers=(fast components topology apps rollouts swarm)
usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit "${1:-2}"; }

selected=all filter="" extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tier) [ $# -ge 2 ] || usage; selected=$2; shift 2 ;;
    --tier=*) selected=${1#*=}; shift ;;
    --filter) [ $# -ge 2 ] || usage; filter=$2; shift 2 ;;
    --filter=*) filter=${1#*=}; shift ;;
    -h|--help) usage 0 ;;
    *) extra+=("$1"); shift ;;
  esac
done
if [ "$selected" = all ]; then
  run_tiers=("${tiers[@]}")
elif [[ " ${tiers[*]} " == *" $selected "* ]]; then
  run_tiers=("$selected")
else
  echo "eng/test.sh: unknown tier '$selected'; choose one of: ${tiers[*]}" >&2
  exit 2
fi

# Only the container tiers need an engine and the images.
if [ "${run_tiers[*]}" != fast ]; then
  "$root/eng/provision.sh"
  # Testcontainers' resource reaper (Ryuk) has no image where no registry answers.
  [ -f "$root/AppHost/appsettings.images.json" ] && export TESTCONTAINERS_RYUK_DISABLED=true
fi

# The fast tier validates the published Kubernetes manifests against the API's schemas (offline, from Debian).
[[ " ${run_tiers[*]} " == *" fast "* ]] && "$root/eng/kubernetes-schema.sh" >/dev/null

results="$root/TestResults"
timings=()
rm -rf "$results"
mkdir -p "$results"
status=0

app="$root/sample-sails-app"
if [ "${run_tiers[0]}" = fast ] && [ -z "$filter" ] && [ -f "$app/package.json" ]; then
  # On the Node the replicas and the object store run, not the host's.
  node_bin=$("$root/eng/node.sh")
  npm_test() {
    step "$1: npm test (Node $("$node_bin/node" --version))"
    (export PATH="$node_bin:$PATH"; cd "$root/$1" && npm ci --no-audit --no-fund --loglevel=error && npm test) || status=1
  }
  npm_test sample-sails-app
  npm_test eng/images/s3-standin
fi

step "building the solution"
dotnet build "$root/Simulator.sln" -v quiet -nologo -clp:NoSummary || exit 1

for tier in "${run_tiers[@]}"; do
  step "tier $tier (results in $results/$tier.trx)"
  started=$(date +%s)
  dotnet test "$root/tests/Simulator.Tests.csproj" --no-build \
    --filter "Tier=$tier${filter:+&($filter)}" \
    --logger "trx;LogFileName=$tier.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" ${extra[@]+"${extra[@]}"} || status=1
  took=$(( $(date +%s) - started ))
  echo "tier $tier took $took s"
  timings+=("$tier $took s")
  # Whether the swarm tier ran on several nodes or fell back to one, and why.
  if [ "$tier" = swarm ] && [ -f "$results/swarm-overlay.txt" ]; then cat "$results/swarm-overlay.txt"; fi
done

# The sum, then each failed test's message and stack: the end of a CI log names what failed.
printf 'tiers:'; printf ' %s;' "${timings[@]}"; echo
python3 "$root/eng/trx.py" summary "$results"
exit "$status"
