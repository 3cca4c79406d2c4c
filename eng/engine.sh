#!/usr/bin/env bash
# Makes sure a Docker engine answers: uses the one there is (DOCKER_HOST is
# respected), otherwise installs what is missing of Debian trixie's Docker (client,
# engine, buildx) and starts the engine. Quiet when the engine already answers.
# eng/check-engine-on-bare-debian.sh proves it on a bare Debian bookworm.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

docker info >/dev/null 2>&1 && exit 0

if [ -n "${DOCKER_HOST:-}" ]; then
  fail "DOCKER_HOST=$DOCKER_HOST does not answer 'docker info'; start that engine or unset DOCKER_HOST"
fi
[ "$(id -u)" = 0 ] || fail "no Docker engine answers and installing one needs root; start Docker, or run this as root on Debian"
command -v apt-get >/dev/null || fail "no Docker engine answers and this is not Debian (no apt-get); install Docker 25 or newer and start it"

installed() { [ "$(dpkg-query -W -f '${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

# Testcontainers 4 needs Docker API 1.44+: bookworm's docker.io (API 1.41) is too
# old, trixie's 26.1 (API 1.45) runs on bookworm. Aspire's image builds need buildx.
# Trixie's docker.io is the engine alone: the `docker` client is docker-cli, which
# it only recommends (bookworm's docker.io had the client inside, so upgrading it
# takes the client away).
packages=()
if ! dockerd --version 2>/dev/null | grep -qE 'version (2[6-9]|[3-9][0-9])\.'; then
  packages+=(docker.io/trixie)
  if [[ "$(dpkg -S /usr/bin/docker 2>/dev/null)" == docker.io:* ]]; then
    packages+=(docker-cli/trixie)
  fi
fi
if ! command -v docker >/dev/null && [[ " ${packages[*]} " != *" docker-cli/trixie "* ]]; then
  packages+=(docker-cli/trixie)
fi
docker buildx version >/dev/null 2>&1 || installed docker-buildx || packages+=(docker-buildx/trixie)
# dockerd sets up its networks with iptables (a dependency of docker.io, asked for
# in case the engine came from elsewhere); pulls need the CA bundle.
command -v iptables >/dev/null || packages+=(iptables)
[ -s /etc/ssl/certs/ca-certificates.crt ] || packages+=(ca-certificates)
# On a kernel with AppArmor on (Debian's default), Docker 23+ starts no container
# without apparmor_parser, which docker.io only recommends.
if [ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" = Y ] && ! command -v apparmor_parser >/dev/null; then
  packages+=(apparmor)
fi

apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}

if [ ${#packages[@]} -gt 0 ]; then
  step "installing ${packages[*]}"
  # A fresh system or image may have no package lists at all yet.
  compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null || apt-get update -q >/dev/null
  ensure_trixie_suite
  # Lists gone stale name files the mirror no longer has: update once and try again.
  apt_install "${packages[@]}" 2>/dev/null || { apt-get update -q >/dev/null; apt_install "${packages[@]}"; }
  hash -r
  # Only the client was missing, or the package's own service started the engine.
  docker info >/dev/null 2>&1 && exit 0
fi

if [ -d /run/systemd/system ] && systemctl cat docker.service >/dev/null 2>&1; then
  step "starting docker.service"
  systemctl start docker.service || true
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && exit 0
    sleep 1
  done
  fail "docker.service did not answer within 60 s; see 'journalctl -u docker.service'"
fi

# A killed engine leaves its pid file and socket behind; dockerd refuses to start over them.
for pidfile in /var/run/docker.pid /var/run/docker/containerd/containerd.pid; do
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    rm -f "$pidfile"
    [ "$pidfile" = /var/run/docker.pid ] && rm -f /var/run/docker.sock
  fi
done

log=/var/log/simulator-dockerd.log
step "starting dockerd (log: $log)"
nohup dockerd >"$log" 2>&1 &
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && exit 0
  sleep 1
done
tail -n 20 "$log" >&2
fail "dockerd did not answer within 60 s; its log is $log"
