#!/usr/bin/env bash
# Everything the simulator needs before `dotnet run` / `dotnet test`: a container
# engine, the images and the browser for the browser tests. Idempotent; quiet when everything is there.
set -euo pipefail
here=$(dirname "$0")
"$here/engine.sh"
"$here/images.sh"
"$here/browser.sh"
