#!/usr/bin/env bash
# The Node the replicas run (the image catalog's: eng/images/node/Dockerfile pins its version, npm
# and their integrity hashes), fetched once into .tools/ for the host's `npm test` steps, so the
# app's tests run on production's runtime, not on whatever Node the host has. Prints its bin folder.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"

dockerfile="$root/eng/images/node/Dockerfile"
pin() { sed -n "s/^ARG $1=//p" "$dockerfile"; }
export NODE_VERSION NODE_INTEGRITY NPM_VERSION NPM_INTEGRITY
NODE_VERSION=$(pin NODE_VERSION) NODE_INTEGRITY=$(pin NODE_INTEGRITY)
NPM_VERSION=$(pin NPM_VERSION) NPM_INTEGRITY=$(pin NPM_INTEGRITY)

out="$root/.tools/node-v$NODE_VERSION"
if [ ! -x "$out/bin/node" ]; then
  [ "$(uname -m)" = x86_64 ] || fail "the pinned Node is the linux-x64 build; this machine is $(uname -m)"
  command -v npm >/dev/null || fail "fetching Node $NODE_VERSION needs a node and npm on PATH (any supported version)"
  step "fetching Node $NODE_VERSION and npm $NPM_VERSION (pinned in eng/images/node/Dockerfile) into .tools/"
  rm -rf "$out.partial"
  sh "$root/eng/images/node/fetch.sh" "$out.partial"
  mv "$out.partial" "$out"
fi
echo "$out/bin"
