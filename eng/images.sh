#!/usr/bin/env bash
# Decides which container images the simulator uses and writes that choice to
# AppHost/appsettings.images.json, which the AppHost and the tests read.
# - A registry answers: the upstream images (Aspire's defaults), nothing built.
# - No registry (or SIMULATOR_OFFLINE=1): the offline image set, built here from a
#   debootstrapped Debian trixie base; rebuilt only when an image's files change.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/local-cas.sh"

root=$(cd "$(dirname "$0")/.." && pwd)
images="$root/eng/images"
settings="$root/AppHost/appsettings.images.json"

# The image catalog: rows of "name upstream offline built" (see the file's header).
catalog="$images/catalog.txt"
catalog_rows() { sed -e 's/#.*//' "$catalog" | awk 'NF == 4'; }
# catalog NAME COLUMN: one column (2 upstream, 3 offline, 4 built) of one row.
catalog() { catalog_rows | awk -v name="$1" -v column="$2" '$1 == name { print $column }'; }

base=$(catalog Base 3)
node_image=$(catalog Node 3)

registry_answers() { docker manifest inspect "$(catalog Redis 2)" >/dev/null 2>&1; }

if [ "${SIMULATOR_OFFLINE:-0}" != 1 ] && registry_answers; then
  rm -f "$settings"
  exit 0
fi

image_label() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# The host's locally added CAs go into the base (see local-cas.sh).
host_cas=/usr/local/share/ca-certificates

build_base() {
  local hash
  hash=$( (declare -f build_base; local_cas_digest "$host_cas") | sha256sum | cut -c1-16)
  [ "$(image_label "$base" sailsim.context)" = "$hash" ] && return
  local previous
  previous=$(docker image inspect --format '{{.Id}}' "$base" 2>/dev/null || true)
  command -v debootstrap >/dev/null || {
    [ "$(id -u)" = 0 ] || fail "debootstrap is missing and installing it needs root"
    ensure_trixie_suite
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap/trixie >/dev/null
  }
  local rootfs
  rootfs=$(mktemp -d)
  step "building $base with debootstrap (about a minute)"
  debootstrap --variant=minbase --include=ca-certificates trixie "$rootfs" "$(debian_mirror)" >"$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; fail "debootstrap failed; its log is $rootfs.log"; }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/*
  # apt in a build container cannot drop privileges to _apt in every engine setup.
  echo 'APT::Sandbox::User "root";' > "$rootfs/etc/apt/apt.conf.d/99simulator-sandbox"
  copy_local_cas "$host_cas" "$rootfs/usr/local/share/ca-certificates/"
  chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' \
    --change "LABEL sailsim.context=$hash" - "$base" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
  remove_if_dangling "$previous"
}

# Builds eng/images/NAME as REF unless an image built from the same files and base is there.
build_image() {
  local name=$1 ref=$2 context="$images/$1" hash
  # node_modules is left by an image's own `npm test`, never sent to the build (.dockerignore).
  # An image built FROM the node image is rebuilt when that image changes too.
  hash=$( (docker image inspect --format '{{.Id}}' "$base"
           if grep -q 'FROM ${NODE_IMAGE}' "$context/Dockerfile"; then docker image inspect --format '{{.Id}}' "$node_image"; fi
           cd "$context" && find . -type f -not -path './node_modules/*' -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)
  [ "$(image_label "$ref" sailsim.context)" = "$hash" ] && return
  local previous
  previous=$(docker image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  step "building $ref"
  local log
  log=$(mktemp)
  docker build --label "sailsim.context=$hash" --build-arg "BASE_IMAGE=$base" --build-arg "NODE_IMAGE=$node_image" \
    -t "$ref" "$context" >"$log" 2>&1 || { tail -n 30 "$log" >&2; fail "building $ref failed; the build log is $log"; }
  rm -f "$log"
  remove_if_dangling "$previous"
}

# An image replaced by a rebuild is removed, unless something else still uses it.
remove_if_dangling() {
  [ -n "$1" ] && [ "$(docker image inspect --format '{{len .RepoTags}}' "$1" 2>/dev/null)" = 0 ] \
    && docker rmi "$1" >/dev/null 2>&1 || true
}

# The images the AppHost uses: the catalog's rows built from a folder of eng/images/, in its
# order (Node before the images built on it).
settings_rows() {
  catalog_rows | while read -r name _ offline built; do
    if [ -d "$images/$built" ]; then echo "$name $offline $built"; fi
  done
}

build_base
while read -r _ offline built; do build_image "$built" "$offline" </dev/null; done < <(settings_rows)

{
  echo '{'
  echo '  "Simulator": {'
  echo '    "Images": {'
  settings_rows | awk '{ printf "%s      \"%s\": \"%s\"", (NR > 1 ? ",\n" : ""), $1, $2 } END { print "" }'
  echo '    }'
  echo '  }'
  echo '}'
} > "$settings.tmp"
mv "$settings.tmp" "$settings"
