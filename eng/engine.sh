#!/usr/bin/env bash
# Makes sure a Docker engine answers: uses the one there is (DOCKER_HOST is
# respected), otherwise installs Debian trixie's docker.io + docker-buildx and
# starts dockerd in the background. Quiet when the engine already answers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

docker info >/dev/null 2>&1 && exit 0

if [ -n "${DOCKER_HOST:-}" ]; then
  fail "DOCKER_HOST=$DOCKER_HOST does not answer 'docker info'; start that engine or unset DOCKER_HOST"
fi
[ "$(id -u)" = 0 ] || fail "no Docker engine answers and installing one needs root; start Docker, or run this as root on Debian"
command -v apt-get >/dev/null || fail "no Docker engine answers and this is not Debian (no apt-get); install Docker 25 or newer and start it"

# Testcontainers 4 needs Docker API 1.44+: bookworm's docker.io (API 1.41) is too
# old, trixie's 26.1 (API 1.45) runs on bookworm. Aspire's image builds need buildx.
if ! dockerd --version 2>/dev/null | grep -qE 'version (2[6-9]|[3-9][0-9])\.'; then
  step "installing Docker 26 (Debian trixie's docker.io and docker-buildx)"
  ensure_trixie_suite
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    docker.io/trixie docker-buildx/trixie iptables >/dev/null
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
