#!/usr/bin/env bash
# The Kubernetes API schemas the fast tier validates the published manifests against, offline:
# the Kubernetes v1.27.0 OpenAPI (v2) document that Debian trixie's golang-k8s-kube-openapi-dev
# ships as test data (pkg/schemaconv/testdata/swagger.json), pinned to the package version and to
# the file's SHA-256. Kept in $XDG_CACHE_HOME/sails-simulator/ (~/.cache/...); idempotent, prints the path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/eng/lib.sh"

package=golang-k8s-kube-openapi-dev
version=0.0~git20241212.2c72e55-2
file=usr/share/gocode/src/k8s.io/kube-openapi/pkg/schemaconv/testdata/swagger.json
sha256=ecadad734eb65fe73e9612304490398c0c9162cac9787468000fa0fa2af8ba3e
target="${XDG_CACHE_HOME:-$HOME/.cache}/sails-simulator/kubernetes-api/v1.27.0.swagger.json"

if ! echo "$sha256  $target" | sha256sum --check --status 2>/dev/null; then
  step "Kubernetes API schemas: $package $version (Debian trixie)"
  ensure_trixie_suite
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download -q "$package=$version" >/dev/null 2>&1) \
    || { apt-get update -q >/dev/null && (cd "$work" && apt-get download -q "$package=$version" >/dev/null); } \
    || fail "apt-get download $package=$version failed"
  dpkg-deb --fsys-tarfile "$work"/*.deb | tar -x -C "$work" "./$file"
  echo "$sha256  $work/$file" | sha256sum --check --status || fail "$file in $package $version is not the pinned one"
  mkdir -p "$(dirname "$target")"
  mv "$work/$file" "$target"
fi
echo "$target"
