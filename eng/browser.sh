#!/usr/bin/env bash
# The browser the browser tests drive: Debian's own `chromium` package (Playwright's browser
# download needs hosts this machine cannot reach). Quiet when it is installed already.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

command -v chromium >/dev/null 2>&1 && exit 0

[ "$(id -u)" = 0 ] || fail "chromium is missing and installing it needs root; install your distribution's chromium package"
command -v apt-get >/dev/null || fail "chromium is missing and this is not Debian (no apt-get); install chromium"
step "installing Debian's chromium for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q chromium >/dev/null
