#!/bin/sh
# Written by the Sails production simulator's publish (AppHost/Publish/Files/sails-env.sh). The
# entrypoint of every app container on Swarm and Kubernetes: the settings that carry a secret are
# read from the files the orchestrator mounts in /run/secrets (never from the stack or the
# manifests), then the migrate job prepares the database and the bucket, or a replica waits until
# it has, then the image's own command runs.
set -eu
secret() { cat "${SIMULATOR_SECRETS:-/run/secrets}/$1"; }

# Generated secrets are letters and digits only, so they go into URLs unescaped.
export sails_datastores__default__url="postgres://postgres:$(secret postgres-password)@${SIMULATOR_POSTGRES_HOST:-postgres}:5432/${SIMULATOR_DATABASE:-appdb}"
redis_url="redis://:$(secret redis-password)@${SIMULATOR_REDIS_HOST:-redis}:6379"
export sails_session__url="$redis_url" sails_sockets__url="$redis_url"
export sails_session__secret="$(secret session-secret)"
export sails_custom__s3__accessKeyId="$(secret storage-access-key)"
export sails_custom__s3__secretAccessKey="$(secret storage-secret-key)"

tools=/simulator/simulator.js
if [ "${SIMULATOR_ROLE:-replica}" = migrate ]; then
  node "$tools" wait-for-database
  node "$tools" create-bucket
  "$@"
  exec node "$tools" mark-migrated
fi
# Swarm ignores depends_on conditions: a replica lifts only after the migration has finished.
node "$tools" wait-for-migration
exec "$@"
