#!/usr/bin/env bash
# Proves eng/engine.sh on a bare Debian: a debootstrapped minbase of bookworm (or
# of the suite given as argument: trixie), with no Docker, no CA bundle and no
# iptables, runs the repository's eng/engine.sh in a privileged container. It must
# install Docker from the Debian mirror, start it, and leave a client, buildx and an
# engine that builds and runs containers. Then the client is removed and engine.sh
# must bring it back, and a last run must be quiet. Prints one PASS or FAIL line,
# exits non-zero on failure. Needs root and the host's Docker engine; about a minute.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

eng=$(cd "$(dirname "$0")" && pwd)
suite=${1:-bookworm}
case "$suite" in bookworm | trixie) ;; *) fail "usage: $0 [bookworm|trixie]" ;; esac
image=sailsim-check/debian:$suite

cid=
verdict=
finish() {
  local status=$?
  [ -z "$cid" ] || docker rm -f "$cid" >/dev/null 2>&1 || true
  [ -n "$verdict" ] || echo "FAIL: eng/engine.sh on bare Debian $suite: the check stopped before the container ran (exit $status)"
}
trap finish EXIT

[ "$(id -u)" = 0 ] || fail "debootstrap and a privileged container need root"
docker info >/dev/null 2>&1 || fail "the host's Docker engine does not answer; run eng/engine.sh first"

image_label() { docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true; }

# The host's locally added CAs go into the image, so the container reaches TLS
# hosts behind a TLS-inspecting proxy as the host does (once ca-certificates is in).
local_cas() { find /usr/local/share/ca-certificates -name '*.crt' -type f 2>/dev/null | sort; }

build_bare_image() {
  local hash
  hash=$( (echo "$suite"; declare -f build_bare_image; local_cas | xargs -r sha256sum) | sha256sum | cut -c1-16)
  [ "$(image_label "$image" sailsim.context)" = "$hash" ] && return
  command -v debootstrap >/dev/null || {
    step "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -q --no-install-recommends debootstrap >/dev/null
  }
  local rootfs
  rootfs=$(mktemp -d)
  step "building $image with debootstrap (about a minute)"
  timeout 900 debootstrap --variant=minbase "$suite" "$rootfs" "$(debian_mirror)" >"$rootfs.log" 2>&1 \
    || { tail -n 20 "$rootfs.log" >&2; fail "debootstrap failed; its log is $rootfs.log"; }
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin
  mkdir -p "$rootfs/usr/local/share/ca-certificates"
  local_cas | xargs -r cp -t "$rootfs/usr/local/share/ca-certificates/"
  tar -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' \
    --change "LABEL sailsim.context=$hash" - "$image" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
}

# Runs inside the container, as root, with the repository's eng/ at /eng (read-only).
# Each line it prints starting with "ok:" is a check passed; any failure stops it.
read -r -d '' inside <<'INSIDE' || true
set -euo pipefail
trap 'echo "--- the engine log ends:"; tail -n 30 /var/log/simulator-dockerd.log /var/log/docker.log 2>/dev/null' ERR
say() { echo "ok: $*"; }
bounded() { timeout 120 "$@"; }

! command -v docker >/dev/null && ! command -v dockerd >/dev/null && ! command -v iptables >/dev/null \
  || { echo "the image is not bare: $(command -v docker dockerd iptables | tr '\n' ' ')"; exit 1; }
say "bare Debian $(cat /etc/debian_version): no docker, dockerd, iptables"

timeout 600 /eng/engine.sh
say "engine.sh installed and started the engine"

versions=$(bounded docker version --format 'client {{.Client.Version}} server {{.Server.Version}} (API {{.Server.APIVersion}})')
[[ $versions == "client "?*" server "?* ]] || { echo "docker version: $versions"; exit 1; }
say "docker version: $versions, storage driver $(docker info --format '{{.Driver}}')"
say "$(bounded docker buildx version)"

# A tiny image made here (no registry): busybox-static's one binary.
DEBIAN_FRONTEND=noninteractive bounded apt-get install -y -q --no-install-recommends busybox-static >/dev/null 2>&1 \
  || { echo "apt-get install busybox-static failed"; exit 1; }
rootfs=$(mktemp -d)
mkdir "$rootfs/bin"
cp /bin/busybox "$rootfs/bin/"
ln -s busybox "$rootfs/bin/sh"
tar -C "$rootfs" -c . | bounded docker import - check/busybox >/dev/null
said=$(bounded docker run --rm check/busybox /bin/sh -c 'echo "hello from $(uname -n)"')
[[ $said == "hello from "?* ]] || { echo "docker run printed: $said"; exit 1; }
say "docker run --rm printed: $said"

printf 'FROM check/busybox\nRUN echo built > /built\nCMD ["/bin/busybox", "cat", "/built"]\n' \
  | bounded docker build -q -t check/built - >/dev/null
[ "$(bounded docker run --rm check/built)" = built ] || { echo "the built image does not run"; exit 1; }
say "docker build (BuildKit) built an image that runs"

# The engine package is there but the client is gone: engine.sh must bring it back.
DEBIAN_FRONTEND=noninteractive bounded apt-get remove -y -q docker-cli >/dev/null
hash -r
! command -v docker >/dev/null || { echo "docker-cli removed but docker is still there"; exit 1; }
timeout 300 /eng/engine.sh
hash -r
bounded docker info >/dev/null
say "engine.sh reinstalled the missing client"

again=$(timeout 60 /eng/engine.sh 2>&1)
[ -z "$again" ] || { echo "a second engine.sh run was not quiet: $again"; exit 1; }
say "a second engine.sh run is quiet"
INSIDE

build_bare_image
step "running eng/engine.sh in a privileged container of $image"
cid=$(docker create --privileged -v "$eng:/eng:ro" "$image" bash -c "$inside")
log=$(mktemp)
status=0
timeout 1200 docker start -a "$cid" >"$log" 2>&1 || status=$?
cat "$log"
if [ "$status" = 0 ]; then
  verdict=PASS
  echo "PASS: eng/engine.sh on bare Debian $suite: $(sed -n 's/^ok: docker version: //p' "$log")"
  rm -f "$log"
else
  verdict=FAIL
  [ "$status" != 124 ] || echo "(timed out after 1200 s)"
  echo "FAIL: eng/engine.sh on bare Debian $suite (exit $status); the container's output is above and in $log"
  exit 1
fi
