#!/bin/sh
# Renders /etc/nginx/templates/*.template into conf.d with the environment, as the
# official image does, substituting only variables that are defined.
set -eu
if [ "${1:-}" = nginx ] || [ "${1:-}" = nginx-debug ]; then
  for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    target="/etc/nginx/conf.d/$(basename "$template" .template)"
    defined=$(env | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=.*/${\1}/p' | tr '\n' ' ')
    envsubst "$defined" < "$template" > "$target"
    echo "nginx: rendered $template to $target"
  done
fi
exec "$@"
