#!/usr/bin/env bash
# Everything the simulator needs before `dotnet run` / `dotnet test`: a container
# engine, the images, the browser for the browser tests and the Aspire CLI (`dotnet aspire`, pinned
# in .config/dotnet-tools.json). Idempotent; quiet when everything is there.
set -euo pipefail
here=$(dirname "$0")
"$here/engine.sh"
"$here/images.sh"
"$here/browser.sh"
dotnet tool restore >/dev/null
